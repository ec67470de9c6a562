"""core.disclosure: counts of 1 to 4 are hidden, and the total never lets a reader work one
out: checked against every table of four cells holding 0 to 8, by brute force."""

import itertools

import pytest

from core.disclosure import Hidden, hidden_label, pinned, suppress


def test_small_counts_are_hidden_and_zero_is_shown():
    column = suppress({"a": 0, "b": 3, "c": 12, "d": 9})
    assert column.cells["a"].count == 0
    assert column.cells["b"].hidden is Hidden.SMALL and column.cells["b"].count is None
    # one hidden cell: 24 - 12 - 9 = 3; the smallest cell that protects it goes too
    assert column.cells["d"].hidden is Hidden.SECONDARY
    assert column.cells["c"].count == 12 and column.total == 24


def test_nothing_hidden_when_nothing_is_small():
    column = suppress({"a": 0, "b": 5, "c": 7})
    assert not any(cell.is_hidden for cell in column.cells.values()) and column.total == 12


def test_two_small_cells_protect_each_other_unless_both_are_1_or_4():
    assert suppress({"a": 1, "b": 2, "c": 9}).cells["c"].count == 9
    assert suppress({"a": 1, "b": 1, "c": 9}).cells["c"].hidden is Hidden.SECONDARY
    assert suppress({"a": 4, "b": 4, "c": 9}).cells["c"].hidden is Hidden.SECONDARY


def test_a_partner_of_exactly_5_does_not_protect_a_1():
    # 1 + 5 = 6 with the partner known to be at least 5: the 1 would be pinned
    column = suppress({"a": 1, "b": 5, "c": 8})
    assert column.cells["b"].count == 5 and column.cells["c"].hidden is Hidden.SECONDARY


def test_without_a_protecting_cell_the_total_is_not_shown():
    column = suppress({"a": 3, "b": 0})
    assert column.total is None and not column.total_shown
    assert column.cells["a"].hidden is Hidden.SMALL and column.cells["b"].count == 0
    assert suppress({"a": 1, "b": 5}).total is None  # 5 cannot protect a 1


def _leaks(values) -> bool:
    """Whether a reader of the published column can pin a hidden small cell to one value."""
    column = suppress(dict(enumerate(values)))
    hidden = [key for key, cell in column.cells.items() if cell.is_hidden]
    small = {key for key in hidden if column.cells[key].hidden is Hidden.SMALL}
    if column.total is None or not small:
        return False
    rest = column.total - sum(c.count for c in column.cells.values() if not c.is_hidden)
    possible = {key: set() for key in small}
    ranges = [range(1, 5) if key in small else range(5, rest + 1) for key in hidden]
    for combination in itertools.product(*ranges):
        if sum(combination) == rest:
            for key, value in zip(hidden, combination, strict=True):
                if key in small:
                    possible[key].add(value)
    return any(len(values) < 2 for values in possible.values())


def test_no_table_of_four_cells_gives_a_small_cell_away():
    tables = list(itertools.product(range(9), repeat=4))
    assert [values for values in tables if _leaks(values)] == []
    # and the total is withheld only where it must be
    withheld = [v for v in tables if suppress(dict(enumerate(v))).total is None]
    assert all(not any(c > 5 for c in v) for v in withheld)


@pytest.mark.parametrize(
    ("small", "secondary", "expected"),
    [([3], [], True), ([1, 2], [], False), ([1], [6], False), ([1], [5], True), ([2], [5], False)],
)
def test_pinned(small, secondary, expected):
    assert pinned(small, secondary) is expected


def test_labels():
    assert [hidden_label(h) for h in Hidden] == ["", "5未満", "秘匿"]
