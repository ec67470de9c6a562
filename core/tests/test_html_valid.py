"""The public pages are valid HTML: the W3C Nu checker (vnu.jar, from the npm package vnu-jar
that scripts/ensure-vnu installs) finds no error on any of them (docs/testing.md).

Every public page is rendered with the test client from Kumamoto's package and the demo data,
written to a folder, and checked in one run of the checker (one JVM start for all the pages).
Without Java the test skips; with Java but without the jar it skips too, except under CI=true,
where it fails (scripts/ensure-vnu should have installed it)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from core.web import errors as error_pages

LG = "kumamoto"
VNU_DIR = Path(os.environ.get("TSUNAGU_VNU_DIR", Path.home() / ".cache" / "tsunagu" / "vnu"))
VNU_JAR = Path(
    os.environ.get(
        "TSUNAGU_VNU_JAR", VNU_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    )
)

# The public HTML pages: (file name, URL). A "{first:<pattern>}" URL is the first link of the
# page before it that matches the pattern (a detail page the public may see).
PAGES = [
    ("home", f"/{LG}/"),
    ("plan", f"/{LG}/plan/"),
    ("plan-pillar", f"/{LG}/plan/pillars/1/"),
    ("plan-measure", rf"{{first:/{LG}/plan/measures/\d+/}}"),
    ("plan-departments", f"/{LG}/plan/departments/"),
    ("plan-department", rf"{{first:/{LG}/plan/departments/\d+/}}"),
    ("plan-partners", f"/{LG}/plan/partners/"),
    ("plan-indicators", f"/{LG}/plan/indicators/"),
    ("plan-indicator", rf"{{first:/{LG}/plan/indicators/\d+/}}"),
    ("plan-glossary", f"/{LG}/plan/glossary/"),
    ("plan-search", f"/{LG}/plan/search/?q=住宅"),
    ("progress", f"/{LG}/progress/"),
    ("statistics", f"/{LG}/statistics/"),
    ("statistics-series", rf"{{first:/{LG}/statistics/[a-z0-9_-]+/}}"),
    ("help", f"/{LG}/help/"),
    ("help-need", rf"{{first:/{LG}/help/needs/[a-z0-9_-]+/}}"),
    ("help-service", rf"{{first:/{LG}/help/services/\d+/}}"),
    ("help-navigator", f"/{LG}/help/navigator/"),
    ("help-search", f"/{LG}/help/search/?q=住まい"),
    ("jobs", f"/{LG}/jobs/"),
    ("jobs-posting", rf"{{first:/{LG}/jobs/\d+/}}"),
    ("jobs-gap", f"/{LG}/jobs/gap/"),
    ("employers-apply", f"/{LG}/employers/apply/"),
    ("housing", f"/{LG}/housing/"),
    ("housing-home", rf"{{first:/{LG}/housing/\d+/}}"),
    ("housing-public", f"/{LG}/housing/public-housing/"),
    ("campaigns", f"/{LG}/campaigns/"),
    ("opendata", f"/{LG}/opendata/"),
    ("api-docs", "/api/docs/"),
    ("login", "/accounts/login/"),
]
ERROR_PAGES = {
    "error-400": error_pages.bad_request,
    "error-403": error_pages.permission_denied,
    "error-404": error_pages.page_not_found,
    "error-500": error_pages.server_error,
}


def vnu_command() -> list[str]:
    """The checker's command line, or a skip (a failure under CI=true) saying what is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java: the W3C Nu checker (vnu.jar) needs it (docs/testing.md)")
    if not VNU_JAR.is_file():
        message = f"vnu.jar not found at {VNU_JAR}; run scripts/ensure-vnu (docs/testing.md)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"under CI=true, {message}")
        pytest.skip(message)
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def render_public_pages(client, folder: Path) -> dict[str, str]:
    """Write every public page to `folder`; return {file name: URL}."""
    written = {}
    previous = ""
    for name, url in PAGES:
        if match := re.fullmatch(r"\{first:(.+)\}", url):
            found = re.search(rf'href="({match.group(1)})"', previous)
            assert found, f"{name}: no link matching {match.group(1)} on the page before it"
            url = found.group(1)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        previous = response.content.decode()
        (folder / f"{name}.html").write_text(previous, encoding="utf-8")
        written[f"{name}.html"] = url
    request = RequestFactory().get(f"/{LG}/no-such-page/")
    for name, view in ERROR_PAGES.items():
        response = view(request) if view is error_pages.server_error else view(request, None)
        (folder / f"{name}.html").write_text(response.content.decode(), encoding="utf-8")
        written[f"{name}.html"] = f"{name} ({view.__name__})"
    return written


def run_vnu(command: list[str], files: list[Path]) -> list[dict]:
    """The checker's error messages for `files` (its JSON report is on stderr)."""
    done = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    try:
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu.jar did not answer in JSON (exit {done.returncode}): {done.stderr[:2000]}"
        )
    return [
        m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")
    ]


def describe(message: dict, urls: dict[str, str]) -> str:
    file = message.get("url", "").rsplit("/", 1)[-1]
    where = urls.get(file, file)
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())[:160]
    return f"{where} line {line}: {message.get('message')}\n    {extract}"


CONTROL = "control-empty-action.html"  # a page the checker must find wrong: the check can fail


def test_every_public_page_is_valid_html(client, kumamoto, tmp_path):
    command = vnu_command()
    call_command("seed_demo", stdout=io.StringIO())
    urls = render_public_pages(client, tmp_path)
    (tmp_path / CONTROL).write_text(
        '<!DOCTYPE html><html lang="ja"><head><title>t</title></head>'
        '<body><form action=""></form></body></html>',
        encoding="utf-8",
    )
    messages = run_vnu(command, sorted(tmp_path.glob("*.html")))
    control = [m for m in messages if m.get("url", "").endswith("/" + CONTROL)]
    assert any("action" in m.get("message", "") for m in control), (
        f"the checker did not find the control page's empty form action: {messages[:5]}"
    )
    errors = [m for m in messages if m not in control]
    assert not errors, f"{len(errors)} HTML errors on the public pages:\n" + "\n".join(
        describe(message, urls) for message in errors
    )
