"""Crisis first: whether a text signals risk to life or safety, and whom to call then.

A search or a navigator answer that signals a crisis (死にたい, 殺される …, the body's CrisisTerm
list, kept by the secretariat) shows the crisis lines first; a search without result and every
error page of a local government's public pages show them with the general windows (docs/portal.md).

Matching folds both the terms and the text the same way: NFKC width (ｼﾆﾀｲ -> シニタイ), katakana
to hiragana, no spaces or punctuation, and kanji to their Sudachi reading, which also folds
okurigana and kanji-vs-kana spellings (死にたい, しにたい; 生きるのが辛い, 生きるのがつらい).
A term matches when its folded spelling or its folded reading is inside the text's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache

from core.models import LocalGovernment
from core.text import fold as fold_for_search
from directory import selectors
from directory.models import CrisisTerm, Reach, Taxonomy, TaxonomyTerm
from directory.portal import plain

CRISIS_NEED = "crisis"
# Letters and digits only: spaces and punctuation (、。！ ・ …) never separate a term.
NOT_A_LETTER = re.compile(r"[\W_]+")
TEXT_LIMIT = 200  # a query is at most 100 characters; a longer text is cut, not refused
FREE_DIAL = ("0120", "0800")  # toll-free numbers: callable without credit on the phone


@dataclass(frozen=True)
class Folded:
    """A text as crisis matching compares it: its spelling and its reading, folded."""

    spelling: str
    reading: str

    def contains(self, term: Folded) -> bool:
        return bool(term.spelling) and (
            term.spelling in self.spelling or (bool(term.reading) and term.reading in self.reading)
        )


def _letters(text: str) -> str:
    """The search's folding (core.text.fold: NFKC, katakana as hiragana, lower case, no spaces),
    without punctuation either."""
    return NOT_A_LETTER.sub("", fold_for_search(text))


@lru_cache(maxsize=2048)
def fold(text: str) -> Folded:
    """Return `text` folded for crisis matching: ｼﾆﾀｲ, シニタイ, しにたい and 死にたい all give
    spelling/reading that match 死にたい."""
    spelling = _letters(text[:TEXT_LIMIT])
    reading = _letters(plain.reading(spelling)) if spelling else ""
    return Folded(spelling=spelling, reading=reading)


# The folded list of each local government is cached for its content revision (every change of
# the list bumps it, so a new revision reads the list again).
CACHE_SECONDS = 24 * 60 * 60


def folded_terms(local_government: LocalGovernment) -> tuple[Folded, ...]:
    """The body's crisis terms, folded (cached per local government and content revision)."""
    key = f"crisis-terms:{local_government.pk}:{local_government.content_revision}"
    folded = cache.get(key)
    if folded is None:
        texts = CrisisTerm.objects.filter(local_government=local_government).values_list(
            "text", flat=True
        )
        folded = tuple(term for term in (fold(text) for text in texts) if term.spelling)
        cache.set(key, folded, CACHE_SECONDS)
    return folded


def matching_term(local_government: LocalGovernment, text: str) -> Folded | None:
    """The first of the body's crisis terms that `text` holds, or None."""
    if not text or not text.strip():
        return None
    folded = fold(text)
    if not folded.spelling:
        return None
    return next((term for term in folded_terms(local_government) if folded.contains(term)), None)


def signals_crisis(local_government: LocalGovernment, text: str) -> bool:
    """Whether `text` (a search, an answer) holds one of the body's crisis terms."""
    return matching_term(local_government, text) is not None


# --- whom to call ------------------------------------------------------------------------------


def _first_audience(local_government: LocalGovernment) -> TaxonomyTerm | None:
    return selectors.terms(local_government, Taxonomy.Kind.AUDIENCE).first()


def _for_anyone(card: selectors.ServiceCard, first_audience: TaxonomyTerm | None) -> bool:
    """A line for anyone: no situation (少年 …), and no audience or the taxonomy's first one
    (本人) among its audiences; a line for particular people (被害にあった人) is not."""
    situations = [t for t in card.terms if t.taxonomy.kind == Taxonomy.Kind.SITUATION]
    audiences = [t for t in card.terms if t.taxonomy.kind == Taxonomy.Kind.AUDIENCE]
    if situations:
        return False
    return not audiences or (first_audience is not None and first_audience in audiences)


def _free_dial(card: selectors.ServiceCard) -> bool:
    return any(phone.number.replace("-", "").startswith(FREE_DIAL) for phone in card.voice_phones)


def crisis_lines(local_government: LocalGovernment) -> list[selectors.ServiceCard]:
    """The public services a person can call (reach `person`) tagged with the need `crisis`,
    with a voice number: the lines for anyone first (熊本いのちの電話, 熊本こころの電話), then
    the lines for particular people (children, victims); in each, a toll-free line first, then
    the directory's order."""
    services = selectors.with_details(
        selectors.public_services(local_government)
        .filter(
            terms__code=CRISIS_NEED,
            terms__taxonomy__kind=Taxonomy.Kind.NEED,
            reach=Reach.PERSON,
        )
        .order_by("position", "pk")
        .distinct()
    )
    cards = [card for card in selectors.service_cards(services) if card.voice_phones]
    first_audience = _first_audience(local_government)
    cards.sort(key=lambda card: (not _for_anyone(card, first_audience), not _free_dial(card)))
    return cards


def general_windows(local_government: LocalGovernment) -> list[selectors.ServiceCard]:
    """The body's general consultation windows (is_general_window, reach `person`), in the
    directory's order; none when no service is marked."""
    services = selectors.with_details(
        selectors.public_services(local_government)
        .filter(is_general_window=True, reach=Reach.PERSON)
        .order_by("position", "pk")
    )
    return selectors.service_cards(services)
