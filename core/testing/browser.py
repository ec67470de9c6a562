"""Helpers for browser tests: axe-core accessibility checks, and the watch that fails a test
whose pages break the Content-Security-Policy (conftest.py's `browser` fixture)."""

from functools import cache
from pathlib import Path

from playwright.sync_api import Error

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _axe_source() -> str:
    # Evaluated, not added as a <script> element: the page's CSP refuses inline scripts, and
    # Playwright's evaluate runs outside it.
    return AXE.read_text(encoding="utf-8") + "\n;undefined"


def _run_axe(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
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


# --- the Content-Security-Policy --------------------------------------------------------------

CSP_MARK = "Content Security Policy"
# Run in every document before its own scripts (outside the CSP): a violation the browser does
# not print (a blocked style attribute set by a script, say) still reaches the console.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation (securitypolicyviolation): " + event.violatedDirective
    + " blocked " + (event.blockedURI || "inline code") + " in " + event.sourceFile
    + ":" + event.lineNumber + (event.sample ? " [" + event.sample + "]" : "")
  );
}, true);
"""


class CSPWatch:
    """Collects the console messages and page errors of every watched context that mention
    the Content Security Policy; `take()` returns and forgets them."""

    def __init__(self):
        self.violations: list[str] = []

    def attach(self, context) -> None:
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        context.on("weberror", self._page_error)

    def _console(self, message) -> None:
        if CSP_MARK in message.text:
            location = message.location or {}
            self.violations.append(
                f"console {message.type}: {message.text} ({location.get('url')})"
            )

    def _page_error(self, web_error) -> None:
        text = str(getattr(web_error.error, "message", web_error.error))
        if CSP_MARK in text:
            self.violations.append(f"page error: {text}")

    def take(self) -> list[str]:
        violations, self.violations = self.violations, []
        return violations


class WatchedBrowser:
    """The Playwright browser whose every new context (and page) is watched by `csp`."""

    def __init__(self, browser, csp: CSPWatch):
        self._browser = browser
        self.csp = csp

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        self.csp.attach(context)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        self.csp.attach(page.context)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


def csp_failure(violations: list[str]) -> str:
    return "the page broke the Content-Security-Policy:\n" + "\n".join(violations)
