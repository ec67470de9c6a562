"""The retention rules of employment (core/retention.py; periods in settings.TSUNAGU_RETENTION).

- A job seeker's profile that is no longer seeking work (求職中でない) reaches its end
  counted from its last change: its legal status, offences and free text are erased and the
  time of erasure kept (`anonymised_at`). The profile stays as an anonymous code, because its
  hires and the statistics built on them (就職者数, 定着率) must still add up.
- A rejected employer application reaches its end counted from its review: it is deleted
  (the contact person's name, phone and e-mail with it). An application that became an
  organization with accounts is not an application any more and is left alone.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import retention
from employment.models import Employer, JobSeeker


def _expired_seekers(cutoff):
    return JobSeeker.objects.filter(
        is_active=False, updated_at__lt=cutoff, anonymised_at__isnull=True
    )


def _anonymise_seekers(queryset) -> None:
    # update(): the encrypted fields encrypt the blank values too; updated_at is left as it was
    queryset.update(
        legal_status="",
        offences=0,
        desired_jobs="",
        desired_wards="",
        licences="",
        anonymised_at=timezone.now(),
    )


def _expired_applications(cutoff):
    return Employer.objects.filter(
        status=Employer.Status.REJECTED, reviewed_at__lt=cutoff, organization__isnull=True
    )


retention.register(
    retention.RetentionRule(
        kind="employment.job_seeker",
        label=_("求職者（求職中でない）"),
        model=JobSeeker,
        action=retention.ANONYMISE,
        expired=_expired_seekers,
        anonymise=_anonymise_seekers,
    )
)
retention.register(
    retention.RetentionRule(
        kind="employment.rejected_employer",
        label=_("不承認の協力雇用主の申請"),
        model=Employer,
        action=retention.DELETE,
        expired=_expired_applications,
    )
)
