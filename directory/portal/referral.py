"""The printable referral sheet (紹介シート): what a supporter such as a 保護司 hands to the
person they refer — the window's name, organization, phones in large type, address, hours,
what to say when calling, a line for notes, a blank line for the referrer and the date in 和暦.

The navigator's sheet is ONE A4 page by default: the few best windows for the answers given
(SHORT_SHEET_SERVICES across the chosen needs, taken in turn from each need so that none is
crowded out, those with a voice phone first, those made for others last). The whole list is
printed only when asked (`full=1`), still taken in turn from each need and bounded by
MAX_SERVICES. Only services a person can go to or call themselves (`Service.reach` PERSON)
are ever on a person's sheet: never the ones for employers or between professionals.

Printed by WeasyPrint from an HTML template with one font family (Noto Sans CJK JP), as the
progress report is (pdca.compiled.pdf): each further font costs time to load and embed."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from directory.models import Reach
from directory.portal.navigator import Answers
from directory.selectors import NeedGroup, ServiceCard, match_rank

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# A public URL makes the PDF: keep the work bounded whatever the query asks for.
MAX_SERVICES = 30
# What fits one A4 page with a line for notes under each window.
SHORT_SHEET_SERVICES = 5
AUDIENCE_FAMILY = "family"  # the taxonomy's code for 家族 (packages/*/directory/taxonomy.yaml)
BLANK = "＿＿＿＿＿＿"


@dataclass
class SheetEntry:
    card: ServiceCard
    needs: list = field(default_factory=list)  # the chosen needs (TaxonomyTerm) it serves
    say: str = ""  # what to say when calling ("" on the sheet of one service)


@dataclass
class SheetSection:
    need: object  # a TaxonomyTerm, or None on the short sheet and the sheet of one service
    entries: list[SheetEntry]
    repeated: list[SheetEntry]  # chosen for an earlier need, named again here


def for_the_person(cards: list[ServiceCard]) -> list[ServiceCard]:
    """The services a person can go to or call themselves (never employer-only ones)."""
    return [card for card in cards if card.service.reach == Reach.PERSON]


def _made_for_others(card: ServiceCard, answers: Answers | None) -> bool:
    """Tagged with audiences (or situations) of the same kind as an answer, but not that one."""
    if answers is None:
        return False
    for chosen in (answers.audience, answers.situation):
        if chosen is None:
            continue
        kind = chosen.taxonomy.kind
        same_kind = {t.pk for t in card.terms if t.taxonomy.kind == kind}
        if same_kind and chosen.pk not in same_kind:
            return True
    return False


def _ranked(cards: list[ServiceCard], answers: Answers | None) -> list[ServiceCard]:
    """Those for the person first, then those with a voice phone, then the best fit for the
    audience and situation, then the directory's position. A sheet is kept to call later, so
    the hour it is printed at (the portal's night order) does not choose its windows."""
    chosen = [t for t in (answers.audience, answers.situation) if t is not None] if answers else []
    return sorted(
        for_the_person(cards),
        key=lambda card: (
            _made_for_others(card, answers),
            not card.voice_phones,
            match_rank(card, chosen),
            card.service.position,
            card.service.pk,
        ),
    )


def pick(groups: list[NeedGroup], limit: int, answers: Answers | None = None) -> list[ServiceCard]:
    """Up to `limit` services, taken in turn from each need's best remaining one, so that a
    need chosen last is not crowded out by the first."""
    queues = [_ranked(group.cards, answers) for group in groups]
    chosen: list[ServiceCard] = []
    seen: set[int] = set()
    while len(chosen) < limit and any(queues):
        for queue in queues:
            while queue and queue[0].service.pk in seen:
                queue.pop(0)
            if queue and len(chosen) < limit:
                card = queue.pop(0)
                seen.add(card.service.pk)
                chosen.append(card)
    return chosen


def what_to_say(needs: list, answers: Answers | None) -> str:
    """The sentence to say when calling, made from the answers only (nothing about the person
    beyond them): who referred you (a blank to fill in), and which of the chosen needs."""
    family = answers is not None and answers.audience and answers.audience.code == AUDIENCE_FAMILY
    if family:
        opening = _("「%(blank)sの紹介で、家族のことで電話しました」") % {"blank": BLANK}
    else:
        opening = _("「%(blank)sの紹介で電話しました」") % {"blank": BLANK}
    if not needs:
        return opening
    return _("%(opening)s　相談したいこと: %(needs)s") % {
        "opening": opening,
        "needs": "、".join(need.name for need in needs),
    }


def _entry(card: ServiceCard, groups: list[NeedGroup], answers: Answers | None) -> SheetEntry:
    needs = [
        group.need
        for group in groups
        if group.need is not None and any(c.service.pk == card.service.pk for c in group.cards)
    ]
    return SheetEntry(card=card, needs=needs, say=what_to_say(needs, answers))


def short_sections(
    groups: list[NeedGroup], answers: Answers | None, limit: int = SHORT_SHEET_SERVICES
) -> list[SheetSection]:
    """The one-page sheet: the few best windows across the chosen needs, in one list."""
    cards = pick(groups, limit, answers)
    entries = [_entry(card, groups, answers) for card in cards]
    return [SheetSection(None, entries, [])] if entries else []


def full_sections(
    groups: list[NeedGroup], answers: Answers | None
) -> tuple[list[SheetSection], bool]:
    """The whole list, one section per need: each window under the first chosen need it
    serves and named again under the later ones; and whether MAX_SERVICES cut it short."""
    available = {card.service.pk for group in groups for card in for_the_person(group.cards)}
    cards = pick(groups, MAX_SERVICES, answers)
    picked = {card.service.pk for card in cards}
    placed: set[int] = set()
    sections = []
    for group in groups:
        ranked = [card for card in _ranked(group.cards, answers) if card.service.pk in picked]
        entries = [_entry(c, groups, answers) for c in ranked if c.service.pk not in placed]
        repeated = [SheetEntry(c) for c in ranked if c.service.pk in placed]
        placed.update(entry.card.service.pk for entry in entries)
        if entries or repeated:
            sections.append(SheetSection(group.need, entries, repeated))
    return sections, len(available) > len(picked)


def sheet_html(
    *,
    local_government,
    groups: list[NeedGroup],
    today: datetime.date,
    answers: Answers | None = None,
    full: bool = False,
    limit: int = SHORT_SHEET_SERVICES,
) -> str:
    """The print HTML: the navigator's short sheet (or with `full`, every window per need),
    or the sheet of one service (no `answers`, one group of one card)."""
    truncated = False
    if answers is None:
        cards = [card for group in groups for card in group.cards][:1]
        sections = [SheetSection(None, [SheetEntry(card) for card in cards], [])]
    elif full:
        sections, truncated = full_sections(groups, answers)
    else:
        sections = short_sections(groups, answers, limit)
    return render_to_string(
        "directory/sheet_pdf.html",
        {
            "local_government": local_government,
            "sections": sections,
            "single": answers is None,
            "short": answers is not None and not full,
            "today": today,
            "answers": answers,
            "truncated": truncated,
            "max_services": MAX_SERVICES,
        },
    )


def sheet_pdf(**kwargs) -> bytes:
    """Return the sheet as an A4 PDF with the Japanese font embedded (see sheet_html). The
    short sheet stays one page whatever the texts' length: should its windows not fit, the
    last is left for the full list."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    document = HTML(string=sheet_html(**kwargs)).render()
    short = kwargs.get("answers") is not None and not kwargs.get("full")
    limit = SHORT_SHEET_SERVICES
    while short and len(document.pages) > 1 and limit > 1:
        limit -= 1
        document = HTML(string=sheet_html(**kwargs, limit=limit)).render()
    return document.write_pdf()
