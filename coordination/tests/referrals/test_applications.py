"""Applications (応募) to a 協力雇用主's posting: sent from a case with the person's consent
(基本 and 連絡先 at most), answered by the employer, who never opens the case. All fictional."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from coordination.applications import services
from coordination.models import Consent, ConsentScope, FieldGroup, NeedArea, Referral
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.services import consent_withdraw
from coordination.tests.factories import member, partner, share
from coordination.tests.factories_applications import application, posting_of
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.models import JobPosting
from employment.tests.factories import JobPostingFactory, JobSeekerFactory

BASIC, CONTACT = FieldGroup.BASIC, FieldGroup.CONTACT


@pytest.fixture
def jobs(world):
    """The world's case, an employer company with an account and a published posting."""
    company = partner(world.body, Organization.Kind.EMPLOYER)
    return SimpleNamespace(
        company=company,
        employer_user=member(company, Role.EMPLOYER, email="saiyo@example.jp"),
        posting=posting_of(company, title="調理補助（架空）"),
    )


def _consent(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "given_on": today,
        "form": Consent.Form.WRITTEN,
        "valid_until": today + datetime.timedelta(days=90),
    } | overrides


def _send(world, jobs, groups=(BASIC,), **kwargs):
    return services.application_create(
        actor=world.lead_user,
        case=world.case,
        posting=jobs.posting,
        groups=list(groups),
        **({"consent": _consent()} | kwargs),
    )


# --- services --------------------------------------------------------------------------------


def test_the_lead_sends_it_with_the_persons_consent_and_the_employer_is_mailed(
    world, jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = _send(world, jobs, groups=(BASIC, CONTACT), note="面接の希望日（架空）")
    assert referral.status == S.REQUESTED
    assert referral.to_organization == jobs.company
    assert referral.posting == jobs.posting and referral.area == NeedArea.WORK
    assert referral.groups == to_mask(FieldGroup, [BASIC, CONTACT])
    scope = ConsentScope.objects.get(organization=jobs.company)
    assert scope.groups == referral.groups
    assert scope.consent.basis == Consent.Basis.CONSENT
    assert_audited(
        action="coordination.referral.application",
        actor=world.lead_user,
        obj=referral,
        local_government=world.case.local_government_id,
        changes={"posting": jobs.posting.pk, "consent": scope.consent.pk},
    )
    assert [m.to for m in mail.outbox] == [[jobs.employer_user.email]]
    assert "新しい応募があります" in mail.outbox[0].subject
    assert f"/staff/support/applications/{referral.pk}/" in mail.outbox[0].body
    assert world.case.person.name not in mail.outbox[0].body


def test_without_a_consent_nothing_is_sent_or_written(world, jobs):
    with pytest.raises(ValidationError):
        _send(world, jobs, consent=None)
    assert not Referral.objects.exists()
    assert not ConsentScope.objects.filter(organization=jobs.company).exists()


@pytest.mark.parametrize("group", [FieldGroup.LEGAL, FieldGroup.HEALTH, FieldGroup.PLAN])
def test_it_never_carries_another_group_than_basic_and_contact(world, jobs, group):
    with pytest.raises(ValidationError):
        _send(world, jobs, groups=(BASIC, group))
    assert not Referral.objects.exists()
    assert not Consent.objects.filter(scopes__organization=jobs.company).exists()


def test_the_employer_reads_only_name_and_contact_whatever_the_scope_says(world, jobs):
    # a scope written past the service (which refuses it), and a referral sending everything
    referral = application(world.case, jobs.posting, world.consent, groups=FieldGroup.values)
    values = services.application_read(actor=jobs.employer_user, referral=referral)
    assert set(values) == {BASIC, CONTACT}
    assert values[BASIC] == {
        "name": world.case.person.name,
        "name_kana": world.case.person.name_kana,
    }
    assert values[CONTACT] == {"contact": world.case.person.contact}


def test_a_member_who_does_not_lead_cannot_record_the_consent(world, jobs):
    with pytest.raises(PermissionDenied):
        services.application_create(
            actor=world.other_user,
            case=world.case,
            posting=jobs.posting,
            groups=[BASIC],
            consent=_consent(),
        )
    assert not Referral.objects.exists()
    # once the lead recorded a consent for the employer, the member may send one too
    share(world.consent, jobs.company, BASIC)
    referral = services.application_create(
        actor=world.other_user, case=world.case, posting=jobs.posting, groups=[BASIC]
    )
    assert referral.from_organization == world.other


def test_a_closed_draft_or_foreign_posting_is_refused(world, jobs):
    closed = posting_of(jobs.company, ends_on=timezone.localdate() - datetime.timedelta(days=1))
    draft = posting_of(jobs.company, status=JobPosting.Status.DRAFT)
    no_account = JobPostingFactory(employer__local_government=world.body)
    foreign = posting_of(partner(LocalGovernmentFactory(), Organization.Kind.EMPLOYER))
    for posting in (closed, draft, no_account, foreign):
        with pytest.raises(ValidationError):
            services.application_create(
                actor=world.lead_user,
                case=world.case,
                posting=posting,
                groups=[BASIC],
                consent=_consent(),
            )
    assert not Referral.objects.exists()


def test_the_employer_answers_and_another_employer_cannot(world, jobs):
    referral = _send(world, jobs)
    other = member(partner(world.body, Organization.Kind.EMPLOYER), Role.EMPLOYER)
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(actor=other, referral=referral, to_status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):  # the sender never answers for the employer
        referrals.referral_transition(
            actor=world.lead_user, referral=referral, to_status=S.ACCEPTED
        )
    referrals.referral_transition(actor=jobs.employer_user, referral=referral, to_status=S.ACCEPTED)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


def test_a_withdrawal_cancels_the_application_and_closes_it_to_the_employer(client, world, jobs):
    referral = _send(world, jobs)
    consent = ConsentScope.objects.get(organization=jobs.company).consent
    consent_withdraw(actor=world.lead_user, consent=consent)
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED
    client.force_login(jobs.employer_user)
    url = reverse("applications:detail", kwargs={"pk": referral.pk})
    assert client.get(url).status_code == 404


# --- the employer's pages --------------------------------------------------------------------


def _sensitive_reads(case):
    return AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ, object_type="coordination.case", object_id=str(case.pk)
    )


def test_the_employer_lists_its_own_applications_without_names(client, world, jobs):
    own = _send(world, jobs)
    other_company = partner(world.body, Organization.Kind.EMPLOYER)
    foreign = application(world.case, posting_of(other_company), world.consent)
    client.force_login(jobs.employer_user)
    content = client.get(reverse("applications:index")).content.decode()
    assert reverse("applications:detail", kwargs={"pk": own.pk}) in content
    assert reverse("applications:detail", kwargs={"pk": foreign.pk}) not in content
    assert jobs.posting.title in content and world.lead.name in content
    assert world.case.person.name not in content
    assert not _sensitive_reads(world.case).filter(actor=jobs.employer_user).exists()
    # another company's application is 404
    url = reverse("applications:detail", kwargs={"pk": foreign.pk})
    assert client.get(url).status_code == 404


def test_the_detail_shows_the_contact_only_when_it_was_sent_and_logs_the_read(client, world, jobs):
    person = world.case.person
    referral = _send(world, jobs)  # 基本 only
    client.force_login(jobs.employer_user)
    response = client.get(reverse("applications:detail", kwargs={"pk": referral.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert person.name in content and person.contact not in content
    assert person.case_number not in content and person.offence_details not in content
    assert "no-store" in response["Cache-Control"]
    entry = _sensitive_reads(world.case).get(actor=jobs.employer_user)
    assert entry.changes["fields"] == [BASIC]
    assert entry.changes["purpose"] == "application"
    with_contact = _send(world, jobs, groups=(BASIC, CONTACT))
    content = client.get(
        reverse("applications:detail", kwargs={"pk": with_contact.pk})
    ).content.decode()
    assert person.contact in content


def test_the_employer_rejects_with_a_reason_and_the_case_pages_stay_closed(client, world, jobs):
    referral = _send(world, jobs)
    client.force_login(jobs.employer_user)
    url = reverse("applications:transition", kwargs={"pk": referral.pk})
    assert client.post(url, {"to_status": S.REJECTED}).status_code == 400  # no reason
    response = client.post(url, {"to_status": S.REJECTED, "reason": "no_capacity"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (S.REJECTED, "no_capacity")
    for name, pk in (
        ("cases:detail", world.case.pk),
        ("referrals:for_case", world.case.pk),
        ("referrals:detail", referral.pk),
        ("cases:index", None),
    ):
        target = reverse(name, kwargs={"pk": pk}) if pk else reverse(name)
        assert client.get(target).status_code == 403


# --- from the case ---------------------------------------------------------------------------


def test_the_lead_finds_a_posting_and_sends_the_application(client, world, jobs):
    posting_of(jobs.company, title="倉庫作業（架空）")
    client.force_login(world.lead_user)
    url = reverse("applications:create", kwargs={"pk": world.case.pk})
    content = client.get(url, {"q": "調理"}).content.decode()
    assert "調理補助（架空）" in content and "倉庫作業（架空）" not in content
    assert client.get(url, {"posting": jobs.posting.pk}).status_code == 200
    today = timezone.localdate()
    data = {"posting": jobs.posting.pk, "send_contact": "on", "note": "よろしくお願いします"}
    assert client.post(url, data).status_code == 400  # the consent is not confirmed
    assert not Referral.objects.exists()
    response = client.post(
        url,
        data
        | {
            "consent_given": "on",
            "consent_form": "oral",
            "consent_given_on": today.isoformat(),
            "consent_until": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    referral = Referral.objects.get()
    assert response.url == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.groups == to_mask(FieldGroup, [BASIC, CONTACT])
    content = client.get(response.url).content.decode()
    assert "調理補助（架空）" in content


def test_a_successful_application_offers_to_record_the_hire(client, world, jobs):
    seeker = JobSeekerFactory(supporter_organization=world.lead, local_government=world.body)
    world.case.job_seeker = seeker
    world.case.save(update_fields=["job_seeker"])
    referral = _send(world, jobs)
    hire_url = reverse("seekers:hire_create", kwargs={"pk": seeker.pk})
    client.force_login(world.lead_user)
    detail = reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert hire_url not in client.get(detail).content.decode()
    referrals.referral_transition(actor=jobs.employer_user, referral=referral, to_status=S.ACCEPTED)
    referrals.referral_transition(
        actor=jobs.employer_user, referral=referral, to_status=S.COMPLETED, outcome="successful"
    )
    content = client.get(detail).content.decode()
    assert f"{hire_url}?posting={jobs.posting.pk}" in content
    assert not seeker.hires.exists()  # offered, not recorded
