"""Plain words first on person-facing pages: a term of the justice and welfare systems is
said plainly, with the term in parentheses, where it first appears in a text
(帰住先 → 出たあと住むところ（帰住先）). The data keeps the terms as the seed writes them;
the template filter `plainly` (help_portal) rewrites only what the page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    word: str
    plain: str | Promise
    # a following 等 (…など) is taken in with the term: the plain words say など already
    takes_etc: bool = False
    # the term as part of a longer word (引受人会, 矯正施設長 …) is left as it is
    not_before: str = ""


# The terms are data (the words as the source writes them); the plain words are translated.
TERMS = (
    Term("帰住先", _("出たあと住むところ")),  # i18n-data
    Term("帰住地", _("出たあと住むところ")),  # i18n-data
    Term("更生緊急保護", _("刑務所などを出たあとの緊急の手助け")),  # i18n-data
    Term("住宅確保要配慮者", _("住まいさがしに配慮が必要な人")),  # i18n-data
    Term(
        "矯正施設",  # i18n-data
        _("刑務所や少年院など"),
        takes_etc=True,
        not_before="長",  # i18n-data (矯正施設長)
    ),
    Term("引受人", _("出たあと本人を受け入れる人"), not_before="会"),  # i18n-data (引受人会)
    Term("更生保護施設", _("刑務所などを出た人が一時的に暮らせる施設")),  # i18n-data
    Term("自立準備ホーム", _("泊まる場所と食事を用意する民間の住まい")),  # i18n-data
    Term("満期釈放者", _("刑期を終えて出た人")),  # i18n-data
)


def _pattern(term: Term) -> re.Pattern:
    etc = "(?:等)?" if term.takes_etc else ""  # i18n-data (the suffix 等)
    after = f"(?![{re.escape(term.not_before)}])" if term.not_before else ""
    # not already explained: （帰住先） stays as it is
    return re.compile(f"(?<!（){re.escape(term.word)}{etc}{after}")


PATTERNS = tuple((term, _pattern(term)) for term in TERMS)


def plainly(text: str) -> str:
    """The text with each term's first appearance said plainly first: 「plain（term）」."""
    text = str(text or "")
    taken: list[tuple[int, int, str]] = []
    for term, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end, _r in taken):
                continue  # inside a longer term already explained (更生保護施設 …)
            taken.append((start, end, f"{term.plain}（{term.word}）"))
            break
    for start, end, replacement in sorted(taken, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
