"""The printable referral sheet (紹介シート): what a supporter such as a 保護司 hands to the
person they refer — the window's name, organization, phones in large type, address, hours,
how to apply, a blank line for the referrer and the date in 和暦. One service fills one A4
page; the navigator's results make a sheet of several services.

Printed by WeasyPrint from an HTML template with one font family (Noto Sans CJK JP), as the
progress report is (pdca.compile_pdf): each further font costs time to load and embed."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string

from directory.navigator import Answers
from directory.selectors import NeedGroup, ServiceCard

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class SheetSection:
    need: object  # a TaxonomyTerm, or None on the sheet of one service
    cards: list[ServiceCard]
    repeated: list[ServiceCard]  # shown under an earlier need


# A public URL makes the PDF: keep the work bounded whatever the query asks for.
MAX_SERVICES = 30


def sheet_html(
    *,
    local_government,
    groups: list[NeedGroup],
    today: datetime.date,
    answers: Answers | None = None,
) -> str:
    """The print HTML: one section per need, one block per service; a service already shown
    under an earlier need is named again, not repeated."""
    seen: set[int] = set()
    sections, count, truncated = [], 0, False
    for group in groups:
        cards: list[ServiceCard] = []
        repeated: list[ServiceCard] = []
        for card in group.cards:
            if card.service.pk in seen:
                repeated.append(card)
                continue
            if count >= MAX_SERVICES:
                truncated = True
                break
            seen.add(card.service.pk)
            cards.append(card)
            count += 1
        if cards or repeated:
            sections.append(SheetSection(group.need, cards, repeated))
    return render_to_string(
        "directory/sheet_pdf.html",
        {
            "local_government": local_government,
            "sections": sections,
            "single": count == 1 and answers is None,
            "today": today,
            "answers": answers,
            "truncated": truncated,
            "max_services": MAX_SERVICES,
        },
    )


def sheet_pdf(**kwargs) -> bytes:
    """Return the sheet as an A4 PDF with the Japanese font embedded (see sheet_html)."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    return HTML(string=sheet_html(**kwargs)).write_pdf()
