"""Registering a person through the form: the consent to be registered is required and
recorded (basis 本人同意, no scopes: the lead only), bad input changes nothing, and a possible
duplicate is confirmed first without showing the other record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import Case, Consent, Person
from coordination.services import INTAKE_CONSENT_PURPOSE
from coordination.tests.factories import CaseFactory, PersonFactory, member, partner
from core.models import AuditEntry
from core.roles import Role

URL = reverse("cases:create")


@pytest.fixture
def intaker(db):
    return member(partner(CaseFactory().local_government), Role.PARTNER)


def _data(**overrides):
    today = timezone.localdate()
    data = {
        "name": "架空 花子",
        "name_kana": "かくう はなこ",
        "birth_date": "1975-06-15",
        "contact": "080-0000-1111（架空）",
        "ward": "東区",
        "legal_status": "parole",
        "characteristics": ["elderly", "foreign"],
        "offences": ["theft"],
        "offence_details": "架空の詳細",
        "health_notes": "架空のメモ",
        "consent_given": "on",
        "consent_given_on": today.isoformat(),
        "consent_form": "oral",
        "consent_valid_until": (today + datetime.timedelta(days=365)).isoformat(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_defaults_the_consent_to_today_and_one_year(client, intaker):
    client.force_login(intaker)
    response = client.get(URL)
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["form"]["consent_given_on"].value() == today
    assert response.context["form"]["consent_valid_until"].value() == today + datetime.timedelta(
        days=365
    )


def test_intake_records_the_case_and_the_lead_only_consent(client, intaker):
    client.force_login(intaker)
    response = client.post(URL, _data())
    case = Case.objects.get(lead_organization=intaker.organization)
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", kwargs={"pk": case.pk})
    person = case.person
    assert person.name == "架空 花子"
    assert person.characteristics == 0b10001  # elderly, foreign
    assert person.offences == 1  # theft
    consent = Consent.objects.get(case=case)
    assert consent.basis == Consent.Basis.CONSENT
    assert consent.form == Consent.Form.ORAL
    assert consent.purpose == INTAKE_CONSENT_PURPOSE
    assert consent.taken_by == intaker
    assert not consent.scopes.exists()  # the lead only
    given = AuditEntry.objects.get(action="coordination.consent.give")
    assert given.changes["scopes"] == {}
    assert "架空 花子" not in str(AuditEntry.objects.values_list("changes", flat=True))


def test_without_the_consent_nothing_is_registered(client, intaker):
    people = Person.objects.count()
    client.force_login(intaker)
    response = client.post(URL, _data(consent_given=None))
    assert response.status_code == 400
    assert "本人の同意を得てから登録してください。" in response.content.decode()
    assert Person.objects.count() == people
    assert not Case.objects.filter(lead_organization=intaker.organization).exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"birth_date": "not a date"},
        {"name": ""},
        {"consent_valid_until": "2000-01-01"},
        {"legal_status": "nonsense"},
        {"offences": ["nonsense"]},
    ],
)
def test_bad_input_rerenders_and_changes_nothing(client, intaker, overrides):
    client.force_login(intaker)
    response = client.post(URL, _data(**overrides))
    assert response.status_code == 400
    assert not Case.objects.filter(lead_organization=intaker.organization).exists()
    assert not Consent.objects.exists()


def test_a_duplicate_is_confirmed_first_without_the_other_record(client, intaker):
    other = PersonFactory(
        local_government=intaker.local_government,
        name="架空 別人",
        name_kana="カクウ ハナコ",  # the same once folded
        birth_date=datetime.date(1975, 6, 15),
    )
    CaseFactory(person=other)  # led by another organization: the intaker may not open it
    client.force_login(intaker)
    response = client.post(URL, _data())
    content = response.content.decode()
    assert response.status_code == 200
    assert "同じ人の可能性がある支援対象者がいます" in content
    assert other.case_number not in content and "架空 別人" not in content
    assert "確認のうえ、別の人として登録する" in content
    assert not Case.objects.filter(lead_organization=intaker.organization).exists()
    # posting again without the confirmation asks once more
    response = client.post(URL, _data(warned="1"))
    assert response.status_code == 400
    assert not Case.objects.filter(lead_organization=intaker.organization).exists()
    response = client.post(URL, _data(warned="1", confirm_distinct="on"))
    assert response.status_code == 302
    assert Case.objects.filter(lead_organization=intaker.organization).count() == 1


def test_a_volunteer_may_not_register(client, intaker):
    volunteer = member(intaker.organization, Role.VOLUNTEER)
    client.force_login(volunteer)
    assert client.get(URL).status_code == 403
