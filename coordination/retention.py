"""The retention rules of support coordination (core/retention.py; periods in
settings.TSUNAGU_RETENTION, docs/encryption.md).

- `coordination.person`: a person whose every case has been closed for longer than the period
  (counted from the latest closing) is anonymised in place. Every personal field is blanked
  (the name becomes 「（匿名化済み）」), the duplicate key is emptied so that it never matches
  an intake again, and `anonymised_at` is set. With the person end the free texts of their
  cases, which are about the person: need notes, plan items, case conference attendees,
  agenda, notes and decisions, outcome notes, referral purposes and notes and their history's
  notes, override reasons and reviews, transfer notes, consent withdrawal notes, and the
  signed consent forms (files deleted). The rows stay, with their areas, levels, statuses,
  kinds and dates, so the anonymous aggregates still add up.
- `coordination.consent_form`: the signed form of a consent withdrawn, or past its validity,
  for longer than the period is deleted from the private storage and the field cleared (the
  consent's row, the basis and its window stay: the audit of what was shared points to it).

A person's free texts do not end on their own before the person: while a case is open or
recently closed, the case worker needs its history, and the case is one record.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coordination.models import (
    Case,
    CaseConference,
    CaseTransfer,
    Consent,
    ConsentOverride,
    Need,
    Outcome,
    Person,
    PlanItem,
    Referral,
    ReferralEvent,
)
from core import retention

logger = logging.getLogger(__name__)

# The birth date column is NOT NULL: an anonymised person keeps this impossible date, which
# coordination.services.case_read shows as nothing.
ANONYMISED_BIRTH_DATE = datetime.date.min


def anonymised_name() -> str:
    return gettext("（匿名化済み）")


def _expired_persons(cutoff):
    """Persons not yet anonymised, with at least one case, every case closed before the cutoff
    day (a case reopened, still open or closed since keeps the person)."""
    cutoff_day = timezone.localdate(cutoff)
    cases = Case.objects.filter(person=OuterRef("pk"))
    kept = cases.filter(
        Q(status=Case.Status.OPEN) | Q(closed_on__isnull=True) | Q(closed_on__gte=cutoff_day)
    )
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(cases))
        .exclude(Exists(kept))
    )


def _anonymise_persons(queryset) -> None:
    # update(): the encrypted fields encrypt the blank values too; save() would recompute the
    # duplicate key from the blanks
    ids = list(queryset.values_list("pk", flat=True))
    Person.objects.filter(pk__in=ids).update(
        name=anonymised_name(),
        name_kana="",
        match_key="",
        birth_date=ANONYMISED_BIRTH_DATE,
        contact="",
        legal_status="",
        legal_status_since=None,
        legal_status_until=None,
        characteristics=0,
        offences=0,
        offence_details="",
        health_notes="",
        anonymised_at=timezone.now(),
    )
    cases = Case.objects.filter(person_id__in=ids)
    Need.objects.filter(assessment__case__in=cases).update(note="")
    PlanItem.objects.filter(case__in=cases).update(text="")
    CaseConference.objects.filter(case__in=cases).update(
        attendees="", agenda="", notes="", decisions=""
    )
    Outcome.objects.filter(case__in=cases).update(note="")
    Referral.objects.filter(case__in=cases).update(purpose="", note="")
    ReferralEvent.objects.filter(referral__case__in=cases).update(note="")
    ConsentOverride.objects.filter(case__in=cases).update(reason="", review_note="")
    CaseTransfer.objects.filter(case__in=cases).update(note="")
    consents = Consent.objects.filter(case__in=cases)
    consents.update(withdrawal_note="")
    clear_signed_forms(consents)


def _expired_forms(cutoff):
    cutoff_day = timezone.localdate(cutoff)
    return Consent.objects.exclude(signed_form="").filter(
        Q(withdrawn_at__lt=cutoff) | Q(valid_until__lt=cutoff_day)
    )


def clear_signed_forms(consents) -> None:
    """Clear the signed forms of `consents` and delete their files once the transaction
    commits (a rollback leaves the files, never a row pointing to a deleted file)."""
    with_form = consents.exclude(signed_form="")
    names = list(with_form.values_list("signed_form", flat=True))
    if not names:
        return
    with_form.update(signed_form="", signed_form_name="", signed_form_type="")
    storage = Consent._meta.get_field("signed_form").storage
    transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage, names) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the row is already cleared; an operator removes the file by hand
            logger.exception("Could not delete the signed consent form %s", name)


retention.register(
    retention.RetentionRule(
        kind="coordination.person",
        label=_("支援対象者（すべてのケースが終結）"),
        model=Person,
        action=retention.ANONYMISE,
        expired=_expired_persons,
        anonymise=_anonymise_persons,
    )
)
retention.register(
    retention.RetentionRule(
        kind="coordination.consent_form",
        label=_("署名された同意書（撤回または有効期間の終了後）"),
        model=Consent,
        action=retention.ANONYMISE,
        expired=_expired_forms,
        anonymise=clear_signed_forms,
        local_government_lookup="case__local_government_id",
    )
)
