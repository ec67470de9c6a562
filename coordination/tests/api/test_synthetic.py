"""The synthetic support records (manage.py seed_synthetic): fictional, in their own body,
consistent with the access rules (a referral only to an organization a consent covers, never
sending a group the consent does not share), with a history per referral."""

import random

import pytest
from django.db.models import F

from coordination import access
from coordination.models import (
    Case,
    Person,
    Referral,
    ReferralEvent,
    ReferralStatus,
    match_key,
)
from coordination.synthetic import seed_coordination
from core import synthetic
from core.models import LocalGovernment
from plans.synthetic import seed_plans

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    LocalGovernment.objects.bulk_create(synthetic.synthetic_local_governments(2))
    saved = list(LocalGovernment.objects.filter(is_synthetic=True).order_by("code"))
    rng = random.Random(20261128)
    seed_plans(saved, rng)
    seed_coordination(saved, rng, persons_per_body=8, referrals_per_person=3)
    return saved


def test_the_seeder_is_registered():
    assert "coordination" in [name for name, _ in synthetic.seeders()]


def test_everything_is_fictional_and_in_its_own_body(bodies):
    persons = list(Person.objects.all())
    assert 8 <= len(persons) <= 2 * 8 * 1.5
    assert all(person.is_fictional and "（架空）" in person.name for person in persons)
    assert not Case.objects.exclude(person__local_government_id=F("local_government_id")).exists()
    for referral in Referral.objects.select_related("case", "to_organization"):
        assert referral.to_organization.local_government_id == referral.local_government_id
        assert referral.case.local_government_id == referral.local_government_id


def test_referrals_respect_the_consents_and_have_a_history(bodies):
    referrals = list(Referral.objects.select_related("case"))
    assert referrals
    statuses = {referral.status for referral in referrals}
    assert {ReferralStatus.REQUESTED, ReferralStatus.COMPLETED} <= statuses
    for referral in referrals:
        shared = access.organization_groups(referral.to_organization_id, referral.case)
        assert referral.groups & ~shared == 0  # nothing sent that the receiver is not given
        history = list(referral.events.order_by("at", "pk"))
        assert history[0].to_status == ReferralStatus.DRAFT
        assert history[-1].to_status == referral.status
        if referral.status != ReferralStatus.DRAFT and referral.status != "entered-in-error":
            assert referral.sent_at is not None
    assert ReferralEvent.objects.count() >= len(referrals)


def test_the_duplicate_key_is_set_though_bulk_create_skips_save(bodies):
    person = Person.objects.first()
    assert person.match_key == match_key(person.name_kana, person.birth_date)
