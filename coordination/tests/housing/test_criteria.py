"""The mapping from a person's record to the home search's filters (coordination.housing.criteria)."""

import pytest

from coordination.housing.criteria import acceptances_of, rent_ceiling
from coordination.models import Characteristic, LegalStatus
from core.fields.choice_masks import to_mask
from housing.models import Acceptance


@pytest.mark.parametrize(
    ("note", "ceiling"),
    [
        ("家賃の上限 4万円", 40_000),
        ("家賃は３５，０００円まで（生活保護の住宅扶助）", 35_000),
        ("家賃 3.5万円ほど", 35_000),
        ("家賃上限42000", 42_000),
        ("家賃補助あり", None),
        ("家賃 100円", None),
        ("", None),
        ("駅まで徒歩10分", None),
    ],
)
def test_it_reads_a_rent_ceiling_from_a_needs_note(note, ceiling):
    assert rent_ceiling(note) == ceiling


def test_it_maps_characteristics_and_a_supervised_status_to_acceptances():
    mask = to_mask(
        Characteristic, [Characteristic.ELDERLY, Characteristic.FOREIGN, Characteristic.DISABILITY]
    )
    accepts, ask_disability = acceptances_of(mask, LegalStatus.PAROLE)
    assert accepts == [Acceptance.ELDERLY, Acceptance.FOREIGN, Acceptance.PROBATION]
    assert ask_disability is True


@pytest.mark.parametrize("status", [LegalStatus.RELEASED, LegalStatus.NOT_PROSECUTED, ""])
def test_a_status_without_supervision_is_not_probation(status):
    accepts, ask_disability = acceptances_of(0, status)
    assert accepts == [] and ask_disability is False
