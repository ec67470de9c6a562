"""The security headers of every response (core/web/headers.py, django-csp): the
Content-Security-Policy, Permissions-Policy, and Cache-Control: no-store for signed-in users
without touching the public page cache."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.web.headers import permissions_policy


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (item.strip() for item in policy.split(";"))
        if part
    }


def test_every_page_has_the_strict_content_security_policy(client, city):
    response = client.get(reverse("plans:overview", kwargs={"lg": "testcity"}))
    assert directives(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_the_policy_holds_on_error_pages_and_the_api(client, city):
    for url in ("/no-such-page/", reverse("api_docs"), "/api/v1/testcity/plan/"):
        response = client.get(url)
        assert directives(response)["script-src"] == "'self'", url


def test_no_template_holds_inline_script_or_style():
    """Browser pages only: the PDF templates (WeasyPrint) keep their <style>."""
    import re
    from pathlib import Path

    from django.conf import settings

    pdf_templates = {"report_pdf.html", "issue_print.html", "sheet_pdf.html"}
    inline = re.compile(r"<style|style=|<script(?![^>]*\bsrc=)(?![^>]*application/json)| on\w+=")
    found = [
        f"{path}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if path.name not in pdf_templates
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_pdf_templates_still_render(city):
    """WeasyPrint's HTML keeps its <style> (a PDF is no browser page); it must still render."""
    from django.template.loader import get_template

    for name in (
        "pdca/compiled/report_pdf.html",
        "employment/magazine/issue_print.html",
        "directory/sheet_pdf.html",
    ):
        assert get_template(name) is not None


def test_the_permissions_policy_turns_off_what_the_site_does_not_use(client, city):
    policy = client.get(reverse("plans:overview", kwargs={"lg": "testcity"}))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    # passkeys (WebAuthn) stay possible on our own origin
    assert "publickey-credentials-get=(self)" in policy
    assert "publickey-credentials-create=(self)" in policy


def test_the_permissions_policy_quotes_an_origin():
    assert (
        permissions_policy({"camera": [], "fullscreen": ["self", "https://example.jp"]})
        == 'camera=(), fullscreen=(self "https://example.jp")'
    )


def test_a_signed_in_users_pages_are_never_stored(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    for url in (reverse("staff:home"), reverse("plans:overview", kwargs={"lg": "testcity"})):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.parametrize("url_name", ["plans:overview", "plans:department_list"])
def test_anonymous_public_pages_stay_cacheable(client, city, url_name):
    url = reverse(url_name, kwargs={"lg": "testcity"})
    first = client.get(url)
    second = client.get(url)
    assert second["X-Tsunagu-Cache"] == "hit"
    for response in (first, second):
        assert "no-store" not in response.get("Cache-Control", "")
        assert "Permissions-Policy" in response and "Content-Security-Policy" in response


def test_a_cached_page_is_not_stored_for_a_user_who_signs_in_later(client, city):
    url = reverse("plans:overview", kwargs={"lg": "testcity"})
    client.get(url)
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get(url)
    assert "X-Tsunagu-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_the_server_error_page_takes_its_rules_from_a_static_file(rf, db):
    from core.web.errors import server_error

    html = server_error(rf.get("/")).content.decode()
    assert "<style" not in html and "style=" not in html
    assert "css/error.css" in html


def test_a_refusal_or_redirect_to_a_signed_in_user_is_not_stored_either(client, city):
    client.force_login(city.users[Role.EMPLOYER])
    refused = client.get(reverse("stats_admin:index"))
    assert refused.status_code == 403
    assert "no-store" in refused["Cache-Control"]
    redirected = client.get("/staff")  # CommonMiddleware's APPEND_SLASH answers early
    assert redirected.status_code == 301
    assert "no-store" in redirected["Cache-Control"]


def test_an_anonymous_redirect_keeps_its_caching(client, db):
    response = client.get("/staff")
    assert response.status_code == 301
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_stay_cacheable_for_a_signed_in_user(client, city):
    """WhiteNoise answers before authentication: the same CSS for everyone, no personal data."""
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get("/static/css/tsunagu.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
