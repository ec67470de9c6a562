"""Retention: apply_retention is a dry run by default; with --apply it anonymises job seekers
no longer seeking work past their period and deletes old rejected employer applications, each
batch audited with its ids, and never touches what is still within its period."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from core import retention
from core.models import AuditEntry
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.models import Employer, JobSeeker, LegalStatus
from employment.tests.factories import EmployerFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - datetime.timedelta(days=6 * 365)
RECENTLY = NOW - datetime.timedelta(days=30)


def seeker(*, active: bool, changed, organization=None) -> JobSeeker:
    created = JobSeekerFactory(
        supporter_organization=organization or OrganizationFactory(),
        legal_status=LegalStatus.PROBATION,
        offences=3,
        desired_jobs="倉庫作業",
        licences="フォークリフト",
        desired_wards="中央区",
        is_active=active,
    )
    JobSeeker.objects.filter(pk=created.pk).update(updated_at=changed)
    return created


def rejected(*, reviewed, **fields) -> Employer:
    return EmployerFactory(
        local_government=LocalGovernmentFactory(),
        status=Employer.Status.REJECTED,
        reviewed_at=reviewed,
        contact_name="架空 花子",
        **fields,
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_reports_and_changes_nothing():
    old = seeker(active=False, changed=LONG_AGO)
    application = rejected(reviewed=LONG_AGO)
    output = run()
    assert f"employment.job_seeker (after 1826 days): would anonymise 1 [{old.pk}]" in output
    assert f"employment.rejected_employer (after 1096 days): would delete 1 [{application.pk}]" in (
        output
    )
    assert "Dry run" in output
    assert JobSeeker.objects.get(pk=old.pk).offences == 3
    assert Employer.objects.filter(pk=application.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="retention.").exists()


def test_apply_anonymises_expired_seekers_only_and_audits_their_ids():
    organization = OrganizationFactory()
    old = [seeker(active=False, changed=LONG_AGO, organization=organization) for _ in range(3)]
    still_active = seeker(active=True, changed=LONG_AGO, organization=organization)
    closed_recently = seeker(active=False, changed=RECENTLY, organization=organization)

    output = run("--apply", "--batch-size", "2")
    assert "employment.job_seeker (after 1826 days): anonymised 3" in output
    for record in old:
        record.refresh_from_db()
        assert (record.legal_status, record.offences) == ("", 0)
        assert (record.desired_jobs, record.licences, record.desired_wards) == ("", "", "")
        assert record.anonymised_at is not None and record.code  # the code and hires stay
    for record in (still_active, closed_recently):
        record.refresh_from_db()
        assert (record.legal_status, record.offences) == ("probation", 3)
        assert record.anonymised_at is None

    entries = AuditEntry.objects.filter(action="retention.anonymise").order_by("id")
    assert [entry.changes["ids"] for entry in entries] == [
        [old[0].pk, old[1].pk],
        [old[2].pk],
    ]  # one entry per batch of 2
    entry = entries[0]
    assert entry.actor is None and entry.actor_label == "apply_retention"
    assert entry.local_government_id == organization.local_government_id
    assert entry.object_type == "employment.jobseeker"
    assert entry.changes["kind"] == "employment.job_seeker" and entry.changes["days"] == 1826

    assert "anonymised 0" in run("--apply")  # done once, not again
    entry = assert_audited(  # every anonymise entry so far: the second run wrote none
        action="retention.anonymise",
        actor=None,
        actor_label="apply_retention",
        local_government=organization.local_government_id,
        count=2,
        changes_include={"kind": "employment.job_seeker", "days": 1826, "ids": [old[2].pk]},
    )
    assert entry.object_type == "employment.jobseeker"


def test_apply_deletes_old_rejected_applications_and_keeps_the_rest():
    old = rejected(reviewed=LONG_AGO)
    recent = rejected(reviewed=RECENTLY)
    approved = EmployerFactory(local_government=LocalGovernmentFactory())
    output = run("--apply")
    assert f"deleted 1 [{old.pk}]" in output
    assert not Employer.objects.filter(pk=old.pk).exists()
    assert Employer.objects.filter(pk__in=[recent.pk, approved.pk]).count() == 2
    entry = AuditEntry.objects.get(action="retention.delete")
    assert entry.changes["ids"] == [old.pk]
    assert entry.local_government_id == old.local_government_id


def test_a_shorter_period_in_settings_takes_effect(settings):
    settings.TSUNAGU_RETENTION = {**settings.TSUNAGU_RETENTION, "employment.job_seeker": 10}
    recent = seeker(active=False, changed=RECENTLY)
    assert f"anonymise 1 [{recent.pk}]" in run()


def test_a_kind_without_a_period_is_kept_and_an_unknown_kind_is_reported(settings):
    settings.TSUNAGU_RETENTION = {"employment.rejected_employer": 10, "employment.typo": 5}
    seeker(active=False, changed=LONG_AGO)
    out, err = io.StringIO(), io.StringIO()
    call_command("apply_retention", "--apply", stdout=out, stderr=err)
    assert "employment.job_seeker: no period in TSUNAGU_RETENTION; kept." in out.getvalue()
    assert "employment.typo" in err.getvalue()
    assert JobSeeker.objects.filter(anonymised_at__isnull=False).count() == 0


def test_the_audit_log_can_never_be_a_retention_target():
    with pytest.raises(ValueError, match="audit log"):
        retention.register(
            retention.RetentionRule(
                kind="core.audit",
                label="監査ログ",
                model=AuditEntry,
                action=retention.DELETE,
                expired=lambda cutoff: AuditEntry.objects.all(),
            )
        )
