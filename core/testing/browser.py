"""Helpers for browser tests: axe-core accessibility checks."""

from pathlib import Path

from playwright.sync_api import Error

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _run_axe(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core on the page; return the violations of the given impact.

    A click on a link returns before the next page has loaded. If the check starts while
    the browser is still between two documents (no <head> yet, or the context destroyed
    under it), wait for the new page to load and run it again on that page.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            result = _run_axe(page)
            break
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(page):
    violations = axe_violations(page)
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(details)
