"""Small-cell suppression for counts the public sees (statistical disclosure control); the
rule is stated in docs/employment-matching.md ("Publishing counts"):

- a count of 1 to 4 is not shown (「5未満」); 0 is shown, it singles no one out;
- a column's total is published (or can be worked out from its shares), so the sum of its
  hidden cells is known. While that sum would pin a hidden small cell to one value (one
  hidden cell; or all of them 1, or all 4), one more cell of 5 or more is hidden too
  (「秘匿」), the smallest that leaves every small cell at least two possible values;
- when no such cell exists, the total is not shown, nor anything derived from it (shares,
  differences), and no cell needs a partner.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext as _

SMALL_CELL = 5


class Hidden(Enum):
    NO = ""
    SMALL = "small"  # 1 to SMALL_CELL - 1: 「5未満」
    SECONDARY = "secondary"  # SMALL_CELL or more, hidden so that a small one stays hidden


def rule_text(minimum: int = SMALL_CELL) -> str:
    """The rule in one paragraph, for the pages and files that publish suppressed counts."""
    return _(
        "個人や企業が特定されないよう、登録状況から数えた数は1〜%(below)sを「%(limit)s未満」と"
        "表示します（0はそのまま表示します）。合計と表示している数から「%(limit)s未満」の欄を"
        "逆算できるときは、%(limit)s以上の欄も一つ「秘匿」とし、それでも逆算できるときは"
        "合計と割合を表示しません。計画書に載っている数値はそのまま表示します。"
    ) % {"below": minimum - 1, "limit": minimum}


def hidden_label(hidden: Hidden, minimum: int = SMALL_CELL) -> str:
    """What a hidden cell shows: 「5未満」 or 「秘匿」 ("" when it is shown)."""
    if hidden is Hidden.SMALL:
        return _("%(limit)s未満") % {"limit": minimum}
    if hidden is Hidden.SECONDARY:
        return _("秘匿")
    return ""


@dataclass(frozen=True)
class Cell:
    count: int | None  # None when hidden
    hidden: Hidden = Hidden.NO

    @property
    def is_hidden(self) -> bool:
        return self.hidden is not Hidden.NO


@dataclass(frozen=True)
class Column:
    cells: dict[Hashable, Cell]
    total: int | None  # None: the total (and every share of it) would give a small cell away

    @property
    def total_shown(self) -> bool:
        return self.total is not None


def pinned(small: list[int], secondary: list[int], minimum: int = SMALL_CELL) -> bool:
    """Whether the sum of the hidden cells pins a small one to a single value, for a reader
    who knows that each small cell holds 1 to minimum - 1 and each secondary one at least
    minimum (and the total, hence the sum). The bounds are the same for every small cell."""
    others = len(small) - 1
    hidden_sum = sum(small) + sum(secondary)
    if secondary:
        lowest = 1
        highest = min(minimum - 1, hidden_sum - others - len(secondary) * minimum)
    else:
        lowest = max(1, hidden_sum - others * (minimum - 1))
        highest = min(minimum - 1, hidden_sum - others)
    return highest <= lowest


def suppress(counts: Mapping[Hashable, int], *, minimum: int = SMALL_CELL) -> Column:
    """Apply the rule above to one column of counts whose total is their sum."""
    small = [key for key, count in counts.items() if 0 < count < minimum]
    small_counts = [counts[key] for key in small]
    secondary: list[Hashable] = []
    total: int | None = sum(counts.values())
    if small and pinned(small_counts, [], minimum):
        partners = sorted(
            (key for key, count in counts.items() if count >= minimum), key=lambda key: counts[key]
        )
        partner = next(
            (key for key in partners if not pinned(small_counts, [counts[key]], minimum)), None
        )
        if partner is None:
            total = None  # nothing protects them while the total is known: it is not shown
        else:
            secondary.append(partner)
    cells = {}
    for key, count in counts.items():
        if key in small:
            cells[key] = Cell(None, Hidden.SMALL)
        elif key in secondary:
            cells[key] = Cell(None, Hidden.SECONDARY)
        else:
            cells[key] = Cell(count)
    return Column(cells, total)
