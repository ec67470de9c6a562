"""The Content-Security-Policy in the browser: the API docs (Swagger UI) work under it, and the
watch that fails every browser test on a violation (conftest.py) sees one."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_draw_under_the_csp(page):
    response = page.goto("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tsunagu API")
    # the schema was fetched and its operations listed
    expect(page.locator(".opblock").first).to_be_visible()


def test_an_inline_script_or_style_is_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    browser.csp.take()
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'inline script ran'";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { color: red }";
            document.head.append(style);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.title() != "inline script ran"
    violations = browser.csp.take()  # taken: the test itself does not fail on them
    context.close()
    assert any("script-src" in violation for violation in violations), violations
    assert any("style-src" in violation for violation in violations), violations
    assert any("securitypolicyviolation" in violation for violation in violations), violations
