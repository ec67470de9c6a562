"""The cases part's services on their own: the transfer's refusals, the intake's consent."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coordination import services as coordination
from coordination.cases import services
from coordination.models import Case, CaseTransfer, Consent
from core.models import AuditEntry


def test_a_closed_case_is_not_transferred(world):
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.case_transfer(actor=world.lead_user, case=world.case, to_organization=world.other)
    assert not CaseTransfer.objects.exists()


def test_only_the_lead_transfers(world):
    with pytest.raises(PermissionDenied):
        services.case_transfer(actor=world.other_user, case=world.case, to_organization=world.other)


def test_an_expired_consent_gives_no_transfer_target(world):
    Consent.objects.filter(pk=world.consent.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.transfer_targets(world.case) == []


def test_intake_without_consent_records_none_and_with_it_one_lead_only(world):
    values = {
        "name": "架空 三郎",
        "name_kana": "かくう さぶろう",
        "birth_date": datetime.date(1990, 1, 2),
    }
    plain = coordination.person_intake(
        actor=world.lead_user, local_government=world.body, values=values
    )
    assert not Consent.objects.filter(case=plain.case).exists()
    given = coordination.person_intake(
        actor=world.lead_user,
        local_government=world.body,
        values={**values, "name_kana": "かくう しろう"},
        consent={"given_on": timezone.localdate(), "form": "written", "valid_until": None},
    )
    consent = Consent.objects.get(case=given.case)
    assert consent.valid_until == timezone.localdate() + datetime.timedelta(days=365)
    assert not consent.scopes.exists()


def test_person_update_without_a_change_writes_nothing(world):
    services.person_update(
        actor=world.lead_user, case=world.case, values={"ward": world.case.person.ward}
    )
    assert not AuditEntry.objects.filter(action="coordination.person.update").exists()
