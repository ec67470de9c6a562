"""The print-ready A4 PDF of a magazine issue: the cover, the page on how to apply and whom
to ask (with the list of postings), then the postings, two or one to a page, in large type
with page numbers. Printed by WeasyPrint from an HTML template with one font family (Noto
Sans CJK JP), which is embedded, as in pdca.compiled.pdf and directory.portal.referral."""

from __future__ import annotations

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import wareki
from employment.magazine.selectors import printed_postings
from employment.models import MagazineIssue

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Long texts are cut so that a posting never spills over its half page (or its page).
TEXT_LIMITS = {
    MagazineIssue.PostingsPerPage.TWO: {
        "description": 100,
        "message": 60,
        "line": 34,
        "short": 15,
        "title": 24,
        "name": 40,
    },
    MagazineIssue.PostingsPerPage.ONE: {
        "description": 300,
        "message": 120,
        "line": 50,
        "short": 28,
        "title": 30,
        "name": 50,
    },
}


def _pages(printed: list, per_page: int) -> list[list]:
    return [printed[i : i + per_page] for i in range(0, len(printed), per_page)]


PRINT_CSS = "css/magazine-print.css"


def print_css() -> str:
    """The magazine's rules for the PDF's inline <style>. The preview, a browser page under the
    CSP, links the same file instead."""
    path = finders.find(PRINT_CSS)
    return mark_safe(Path(path).read_text(encoding="utf-8"))  # noqa: S308 - our own static file


def issue_html(issue: MagazineIssue, *, preview: bool = False) -> str:
    """The print HTML the PDF is made from (the preview shows the same pages on screen)."""
    printed = printed_postings(issue)
    per_page = issue.postings_per_page or MagazineIssue.PostingsPerPage.TWO
    issued_label = (
        wareki.date_label(issue.issued_on)
        if issue.issued_on
        else _("（発行日は発行するときに決まります）")
    )
    return render_to_string(
        "employment/magazine/issue_print.html",
        {
            "issue": issue,
            "local_government": issue.local_government,
            "printed": printed,
            "pages": _pages(printed, per_page),
            "per_page": per_page,
            "limits": TEXT_LIMITS.get(per_page, TEXT_LIMITS[MagazineIssue.PostingsPerPage.TWO]),
            "issued_label": issued_label,
            "how_to_apply_lines": [
                line for line in (issue.how_to_apply or "").splitlines() if line.strip()
            ],
            "openings": sum(int(p.fields.get("openings") or 0) for p in printed),
            "preview": preview,
            "is_draft": issue.status == MagazineIssue.Status.DRAFT,
            "print_css": "" if preview else print_css(),
        },
    )


def render_issue_pdf(issue: MagazineIssue) -> bytes:
    """Return the issue as a print-ready A4 PDF with the Japanese font embedded."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    return HTML(string=issue_html(issue)).write_pdf()
