import pytest

from core.fields.choice_masks import from_mask, labels, to_mask
from employment.models import Industry, Offence


def test_a_set_round_trips_through_its_mask_in_declaration_order():
    mask = to_mask(Offence, ["drugs", "theft"])
    assert mask == 0b101
    assert from_mask(Offence, mask) == ["theft", "drugs"]
    assert labels(Offence, mask) == ["窃盗", "薬物"]


def test_the_empty_set_is_zero_and_every_industry_has_its_own_bit():
    assert to_mask(Industry, []) == 0
    assert to_mask(Industry, Industry.values) == (1 << 10) - 1


def test_an_unknown_value_is_refused():
    with pytest.raises(ValueError):
        to_mask(Offence, ["jaywalking"])
