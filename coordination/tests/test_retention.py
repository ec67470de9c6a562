"""Retention of support coordination: a person whose every case was closed longer ago than the
period is anonymised with the free texts and signed forms of their cases, the anonymous
aggregates unchanged; a signed consent form withdrawn or ended longer ago is deleted; nothing
within its period, and nothing at all on a dry run. All fictional."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    Case,
    CaseConference,
    Consent,
    ConsentOverride,
    Need,
    NeedArea,
    Outcome,
    OutcomeKind,
    Person,
    PlanItem,
    Referral,
    ReferralEvent,
    ReferralStatus,
    match_key,
)
from coordination.retention import ANONYMISED_BIRTH_DATE
from coordination.support.aggregates import aggregates
from coordination.tests.factories import (
    CaseFactory,
    ConsentFactory,
    PersonFactory,
    ReferralFactory,
    member,
)
from coordination.tests.factories_support import (
    AssessmentFactory,
    ConferenceFactory,
    OutcomeFactory,
    PlanItemFactory,
)
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from core.wareki import fiscal_year_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=6 * 365)
RECENTLY = TODAY - datetime.timedelta(days=30)
PDF = b"%PDF-1.4 fictional signed form"


@pytest.fixture
def storage(tmp_path, monkeypatch):
    field = Consent._meta.get_field("signed_form")
    private = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(field, "storage", private)
    return private


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def closed_case(person, closed_on, **fields) -> Case:
    return CaseFactory(
        person=person,
        opened_on=closed_on - datetime.timedelta(days=200),
        status=Case.Status.CLOSED,
        close_reason=Case.CloseReason.GOAL_REACHED,
        closed_on=closed_on,
        **fields,
    )


def signed(consent: Consent) -> Consent:
    consent.signed_form.save("form.pdf", ContentFile(PDF), save=False)
    consent.signed_form_name = "架空 太郎の同意書.pdf"
    consent.signed_form_type = "application/pdf"
    consent.save()
    return consent


def supported_long_ago(lg):
    """A person whose one case closed six years ago, with a record of every kind."""
    person = PersonFactory(local_government=lg, characteristics=3, offences=5)
    case = closed_case(person, LONG_AGO)
    during = LONG_AGO - datetime.timedelta(days=100)
    assessment = AssessmentFactory(case=case, assessed_on=during)
    Need.objects.create(assessment=assessment, area=NeedArea.HOUSING, level=3, note="架空のメモ")
    PlanItemFactory(case=case, text="架空の取り組み", area=NeedArea.HOUSING)
    ConferenceFactory(case=case, held_on=during, attendees="架空 花子", notes="架空の記録")
    OutcomeFactory(case=case, kind=OutcomeKind.HOME_SECURED, achieved_on=during, note="架空")
    referral = ReferralFactory(
        case=case,
        area=NeedArea.HOUSING,
        status=ReferralStatus.COMPLETED,
        outcome=Referral.Outcome.SUCCESSFUL,
        purpose="架空の目的",
        note="架空の紹介メモ",
        sent_at=timezone.make_aware(datetime.datetime.combine(during, datetime.time(10))),
    )
    ReferralEvent.objects.create(referral=referral, to_status=ReferralStatus.COMPLETED, note="架空")
    consent = signed(
        ConsentFactory(
            case=case,
            valid_from=during,
            valid_until=TODAY + datetime.timedelta(days=300),  # still valid: rule (a) clears it
            withdrawal_note="架空の撤回メモ",
        )
    )
    ConsentOverride.objects.create(
        case=case,
        organization=case.lead_organization,
        groups=1,
        reason="架空の理由",
        requested_by=consent.taken_by,
    )
    return person, case, consent


def test_a_dry_run_changes_nothing(storage):
    person, case, consent = supported_long_ago(LocalGovernmentFactory())
    output = run()
    assert f"coordination.person (after 1826 days): would anonymise 1 [{person.pk}]" in output
    person.refresh_from_db()
    consent.refresh_from_db()
    assert person.anonymised_at is None and person.name.startswith("架空")
    assert storage.exists(consent.signed_form.name)
    assert not AuditEntry.objects.filter(action__startswith="retention.").exists()


def test_a_person_closed_long_ago_is_anonymised_with_the_texts_and_forms_of_their_cases(
    storage, django_capture_on_commit_callbacks
):
    person, case, consent = supported_long_ago(LocalGovernmentFactory())
    file_name = consent.signed_form.name
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--apply")
    assert f"coordination.person (after 1826 days): anonymised 1 [{person.pk}]" in output

    person = Person.objects.get(pk=person.pk)
    assert person.anonymised_at is not None
    assert person.name == "（匿名化済み）"
    assert (person.name_kana, person.contact, person.legal_status) == ("", "", "")
    assert person.birth_date == ANONYMISED_BIRTH_DATE
    assert (person.legal_status_since, person.legal_status_until) == (None, None)
    assert (person.characteristics, person.offences) == (0, 0)
    assert (person.offence_details, person.health_notes) == ("", "")
    assert person.match_key == ""
    assert person.case_number and person.ward == "中央区"  # the anonymous code and area stay
    assert Need.objects.get(assessment__case=case).note == ""
    assert PlanItem.objects.get(case=case).text == ""
    conference = CaseConference.objects.get(case=case)
    assert (conference.attendees, conference.agenda, conference.notes) == ("", "", "")
    assert Outcome.objects.get(case=case).note == ""
    referral = Referral.objects.get(case=case)
    assert (referral.purpose, referral.note) == ("", "")
    assert ReferralEvent.objects.get(referral=referral).note == ""
    assert ConsentOverride.objects.get(case=case).reason == ""
    consent.refresh_from_db()
    assert (consent.signed_form.name, consent.signed_form_name, consent.withdrawal_note) == (
        "",
        "",
        "",
    )
    assert not storage.exists(file_name)

    entry = AuditEntry.objects.get(action="retention.anonymise", object_type="coordination.person")
    assert entry.changes["ids"] == [person.pk] and entry.changes["kind"] == "coordination.person"
    assert entry.local_government_id == person.local_government_id
    assert "架空" not in str(entry.changes)
    assert f"[{person.pk}]" not in run("--apply")  # done once


def test_the_aggregates_still_add_up_after_anonymisation(storage):
    lg = LocalGovernmentFactory()
    for _ in range(5):
        supported_long_ago(lg)
    year = fiscal_year_of(LONG_AGO - datetime.timedelta(days=100))
    before = aggregates(lg, year)
    assert before.people.value == 5 and before.outcomes.rows[0][1][0].value == 5
    run("--apply")
    assert Person.objects.filter(local_government=lg, anonymised_at__isnull=False).count() == 5
    assert aggregates(lg, year) == before


def test_an_open_or_recently_closed_case_keeps_the_person(storage):
    lg = LocalGovernmentFactory()
    still_open = PersonFactory(local_government=lg)
    closed_case(still_open, LONG_AGO)
    CaseFactory(person=still_open, opened_on=RECENTLY)  # a second case, open
    closed_lately = PersonFactory(local_government=lg)
    closed_case(closed_lately, LONG_AGO)
    closed_case(closed_lately, RECENTLY)
    run("--apply")
    for person in (still_open, closed_lately):
        person.refresh_from_db()
        assert person.anonymised_at is None and person.name.startswith("架空")
        assert person.match_key == match_key(person.name_kana, person.birth_date)


def test_an_anonymised_person_is_never_found_as_a_duplicate(storage):
    person, _case, _consent = supported_long_ago(LocalGovernmentFactory())
    kana, birth = person.name_kana, person.birth_date
    run("--apply")
    assert not Person.objects.filter(match_key=match_key(kana, birth)).exists()


def test_the_lead_sees_the_anonymised_case_without_a_birth_date(client, storage):
    person, case, _consent = supported_long_ago(LocalGovernmentFactory())
    run("--apply")
    client.force_login(member(case.lead_organization, Role.PARTNER))
    response = client.get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "（匿名化済み）" in html
    assert "0001-01-01" not in html and "架空 太郎" not in html


@pytest.mark.parametrize(
    ("withdrawn", "valid_until", "deleted"),
    [
        (LONG_AGO, TODAY + datetime.timedelta(days=10), True),  # withdrawn long ago
        (None, LONG_AGO, True),  # ended long ago
        (RECENTLY, TODAY + datetime.timedelta(days=10), False),  # withdrawn lately
        (None, RECENTLY, False),  # ended lately
        (None, TODAY + datetime.timedelta(days=10), False),  # in force
    ],
)
def test_a_signed_form_is_deleted_once_its_consent_ended_long_ago(
    storage, django_capture_on_commit_callbacks, withdrawn, valid_until, deleted
):
    case = CaseFactory(opened_on=LONG_AGO)  # open: only the form's own rule applies
    consent = signed(
        ConsentFactory(
            case=case,
            valid_from=LONG_AGO - datetime.timedelta(days=30),
            valid_until=valid_until,
            withdrawn_at=(
                timezone.make_aware(datetime.datetime.combine(withdrawn, datetime.time(9)))
                if withdrawn
                else None
            ),
        )
    )
    name = consent.signed_form.name
    assert f"would anonymise 1 [{consent.pk}]" in run() or not deleted
    assert storage.exists(name)  # the dry run kept it
    with django_capture_on_commit_callbacks(execute=True):
        run("--apply")
    consent.refresh_from_db()
    assert storage.exists(name) is not deleted
    assert (consent.signed_form.name == "") is deleted
    assert consent.valid_until == valid_until  # the basis itself stays
    entries = AuditEntry.objects.filter(object_type="coordination.consent")
    assert [entry.action for entry in entries] == (["retention.anonymise"] if deleted else [])
    if deleted:
        assert_audited(
            action="retention.anonymise",
            actor=None,
            actor_label="apply_retention",
            object_type="coordination.consent",
            local_government=case.local_government_id,
            changes_include={"kind": "coordination.consent_form", "ids": [consent.pk]},
        )
    case.person.refresh_from_db()
    assert case.person.anonymised_at is None
