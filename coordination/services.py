"""Writes of support coordination, and the logged read of a case (docs/support-coordination.md).

Each service takes `actor`, asks coordination.access, runs in one transaction and writes an
audit entry: who, on what, and which fields or groups changed, never a personal value (the
secretariat reads the audit log and must not learn a person's record from it). The referrals'
services are in coordination.referrals.services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from coordination import access
from coordination.access import NEVER_IN_TEAM
from coordination.models import (
    GROUP_FIELDS,
    Case,
    Consent,
    ConsentScope,
    FieldGroup,
    Person,
    match_key,
)
from coordination.referrals.services import cancel_uncovered
from core import audit
from core.fields.choice_masks import from_mask, to_mask
from core.roles import Role
from core.web.params import parse_int

PERSON_FIELDS = (
    "name",
    "name_kana",
    "birth_date",
    "contact",
    "ward",
    "legal_status",
    "legal_status_since",
    "legal_status_until",
    "characteristics",
    "offences",
    "offence_details",
    "health_notes",
    "is_fictional",
)
NUMBER_ATTEMPTS = 5
READ_KIND = "support_case"
# Of those (access.NEVER_IN_TEAM), a basis may still name a housing provider, so that a housing referral
# (coordination.housing) can be sent to it; its users never open the case (access.ROLE_GROUPS).
NEVER_SHARED = NEVER_IN_TEAM - {Organization.Kind.HOUSING_PROVIDER}


def number_prefix(year: int) -> str:
    return f"C-{year}-"


def next_case_number(local_government, year: int) -> str:
    """The next free case number of the year in the body: C-2026-00001, C-2026-00002, …"""
    prefix = number_prefix(year)
    last = (
        Person.objects.filter(local_government=local_government, case_number__startswith=prefix)
        .order_by(Length("case_number").desc(), "-case_number")
        .values_list("case_number", flat=True)
        .first()
    )
    number = (parse_int(last[len(prefix) :]) or 0) + 1 if last else 1
    return f"{prefix}{number:05d}"


@dataclass(frozen=True)
class Duplicate:
    """A possible duplicate found at intake. `case_numbers` lists only the cases the actor
    may open; for the others the message says no more than that one exists in the body."""

    case_numbers: tuple[str, ...]
    hidden: bool

    @property
    def message(self) -> str:
        if self.case_numbers:
            return _("同じふりがなと生年月日の支援対象者がいます: %(numbers)s") % {
                "numbers": "、".join(self.case_numbers)
            }
        return _("この団体に、同じ人の可能性がある支援対象者がいます。事務局に確認してください。")


def find_duplicate(*, actor, local_government, name_kana, birth_date, exclude=None):
    """The Duplicate of a kana and birth date in the body, or None."""
    others = Person.objects.filter(
        local_government=local_government, match_key=match_key(name_kana, birth_date)
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    numbers, hidden = [], False
    for person in others.prefetch_related("cases"):
        if any(access.can_read_case(actor, case) for case in person.cases.all()):
            numbers.append(person.case_number)
        else:
            hidden = True
    if not numbers and not hidden:
        return None
    return Duplicate(case_numbers=tuple(numbers), hidden=hidden)


@dataclass(frozen=True)
class Intake:
    person: Person
    case: Case
    duplicate: Duplicate | None


def _check_intake(actor, local_government) -> None:
    if (
        not getattr(actor, "is_authenticated", False)
        or actor.role not in access.INTAKE_ROLES
        or not actor.organization_id
        or actor.local_government_id != local_government.pk
    ):
        raise PermissionDenied


def _person_values(values: dict) -> dict:
    return {name: values[name] for name in PERSON_FIELDS if name in values}


# Stored as the registration consent's purpose (data, in the body's language).
INTAKE_CONSENT_PURPOSE = "登録と主担当の組織による支援"  # i18n-data
CONSENT_YEARS_DAYS = 365


def _intake_consent(*, actor, case: Case, consent: dict, today) -> Consent:
    """The person's consent to be registered: basis 本人同意 and no scopes, so it covers the
    lead only (sharing with another organization is a consent of its own)."""
    given_on = consent.get("given_on") or today
    record = Consent(
        case=case,
        purpose=consent.get("purpose") or INTAKE_CONSENT_PURPOSE,
        basis=Consent.Basis.CONSENT,
        given_on=given_on,
        form=consent.get("form") or "",
        taken_by=actor,
        valid_from=given_on,
        valid_until=consent.get("valid_until")
        or given_on + datetime.timedelta(days=CONSENT_YEARS_DAYS),
    )
    record.full_clean(exclude=["case", "taken_by"])
    _check_basis(record)
    record.save()
    audit.record(
        actor=actor,
        action="coordination.consent.give",
        local_government=case.local_government,
        obj=record,
        changes={
            "case": str(case),
            "basis": record.basis,
            "form": record.form,
            "valid_from": record.valid_from,
            "valid_until": record.valid_until,
            "scopes": {},
        },
    )
    return record


@transaction.atomic
def person_intake(
    *, actor, local_government, values: dict, today=None, consent: dict | None = None
) -> Intake:
    """Register a person and open their case, led by the actor's organization. A possible
    duplicate in the body does not stop the intake; it comes back as `duplicate`. `consent`
    ({given_on, form, valid_until, purpose?}): the person's consent to be registered, recorded
    in the same transaction (basis 本人同意, no scopes: the lead only)."""
    _check_intake(actor, local_government)
    today = today or timezone.localdate()
    checked = Person(local_government=local_government, created_by=actor, **_person_values(values))
    checked.full_clean(exclude=["case_number", "match_key"])  # bad input stops here
    duplicate = find_duplicate(
        actor=actor,
        local_government=local_government,
        name_kana=checked.name_kana,
        birth_date=checked.birth_date,
    )
    for _attempt in range(NUMBER_ATTEMPTS):
        person = Person(
            local_government=local_government,
            case_number=next_case_number(local_government, today.year),
            created_by=actor,
            **{name: getattr(checked, name) for name in _person_values(values)},
        )
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            continue  # another intake took the number at the same moment: take the next
        break
    else:
        raise ValidationError(_("ケース番号を決められませんでした。もう一度登録してください。"))
    case = Case(
        local_government=local_government,
        person=person,
        lead_organization_id=actor.organization_id,
        opened_on=today,
    )
    case.full_clean()
    case.save()
    audit.record(
        actor=actor,
        action="coordination.person.create",
        local_government=local_government,
        obj=person,
        changes={"fields_set": sorted(name for name in PERSON_FIELDS if values.get(name))},
    )
    audit.record(
        actor=actor,
        action="coordination.case.open",
        local_government=local_government,
        obj=case,
        changes={
            "lead_organization": str(case.lead_organization),
            "duplicate_warned": duplicate is not None,
        },
    )
    if consent is not None:
        _intake_consent(actor=actor, case=case, consent=consent, today=today)
    return Intake(person=person, case=case, duplicate=duplicate)


def _check_lead(actor, case: Case) -> None:
    if not access.is_lead(actor, case):
        raise PermissionDenied


def _check_scopes(case: Case, consent: Consent, scopes: dict) -> None:
    if not scopes:
        raise ValidationError(_("共有する組織を一つ以上選んでください。"))
    for organization, groups in scopes.items():
        if organization.local_government_id != case.local_government_id:
            raise ValidationError(_("別の地方公共団体の組織とは共有できません。"))
        if organization.pk == case.lead_organization_id:
            raise ValidationError(_("主担当の組織はすでにすべての項目を見られます。"))
        if organization.kind in NEVER_SHARED and not _application_scope(
            consent, organization, groups
        ):
            raise ValidationError(
                _(
                    "協力雇用主には、本人同意による応募（基本・連絡先）のほかはケースを共有できません。"
                )
            )
        if not groups:
            raise ValidationError(
                _("%(name)s に共有する項目を選んでください。") % {"name": organization}
            )
        if (
            consent.basis == Consent.Basis.PUBLIC_BODY
            and organization.kind != Organization.Kind.CITY_DEPARTMENT
        ):
            raise ValidationError(
                _("第69条第2項第3号による提供は行政機関（市の担当課）にだけできます。")
            )


def _application_scope(consent: Consent, organization: Organization, mask: int) -> bool:
    """An employer may be covered by the person's own consent (本人同意) for an application to
    its posting that the person chose to send (coordination.applications), for 基本 and
    連絡先 at most; its users still never open the case (access.ROLE_GROUPS)."""
    return (
        organization.kind == Organization.Kind.EMPLOYER
        and consent.basis == Consent.Basis.CONSENT
        and mask & ~access.APPLICATION_GROUPS == 0
    )


def _check_basis(consent: Consent) -> None:
    if consent.valid_until < consent.valid_from:
        raise ValidationError(_("有効期間の終了日は開始日より後にしてください。"))
    if consent.basis != Consent.Basis.CONSENT and not consent.basis_note.strip():
        raise ValidationError(
            _("支援会議の開催日と構成員、または提供の相当の理由を記録してください。")
        )
    # A provision to a public body is recorded unapproved (not in force): the secretariat
    # approves it afterwards (coordination.consents.services.consent_approve). An approver
    # given here must still be the body's secretariat.
    approver = consent.approved_by
    if approver is not None and (
        consent.basis != Consent.Basis.PUBLIC_BODY
        or approver.role != Role.SECRETARIAT
        or approver.local_government_id != consent.case.local_government_id
    ):
        raise ValidationError(_("第69条第2項第3号による提供の承認は事務局だけができます。"))


@transaction.atomic
def consent_give(*, actor, case: Case, values: dict, scopes: dict) -> Consent:
    """Record a basis for sharing the case: `values` of the Consent, `scopes` {Organization:
    [field groups]}. Only the lead organization records it."""
    _check_lead(actor, case)
    consent = Consent(case=case, taken_by=actor, **values)
    consent.full_clean(exclude=["case", "taken_by"])
    _check_basis(consent)
    masks = {organization: to_mask(FieldGroup, groups) for organization, groups in scopes.items()}
    _check_scopes(case, consent, masks)
    consent.save()
    ConsentScope.objects.bulk_create(
        ConsentScope(consent=consent, organization=organization, groups=mask)
        for organization, mask in masks.items()
    )
    audit.record(
        actor=actor,
        action="coordination.consent.give",
        local_government=case.local_government,
        obj=consent,
        changes={
            "case": str(case),
            "basis": consent.basis,
            "form": consent.form,
            "valid_from": consent.valid_from,
            "valid_until": consent.valid_until,
            "scopes": {
                str(organization): from_mask(FieldGroup, mask)
                for organization, mask in masks.items()
            },
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, note: str = "", now=None) -> Consent:
    """Withdraw a consent at once. The open referrals to organizations that no other basis
    in force still covers are cancelled, each with a history row; the returned consent lists
    them in `cancelled_referrals`."""
    consent = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    case = consent.case
    _check_lead(actor, case)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("この同意はすでに撤回されています。"))
    now = now or timezone.now()
    consent.withdrawn_at = now
    consent.withdrawn_by = actor
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    cancelled = cancel_uncovered(actor=actor, case=case, now=now)
    audit.record(
        actor=actor,
        action="coordination.consent.withdraw",
        local_government=case.local_government,
        obj=consent,
        changes={
            "withdrawn_at": now,
            "organizations": sorted(str(scope.organization) for scope in consent.scopes.all()),
            "referrals_cancelled": [referral.pk for referral in cancelled],
        },
    )
    consent.cancelled_referrals = cancelled  # for the page that says how many were cancelled
    return consent


@transaction.atomic
def case_close(*, actor, case: Case, reason: str, today=None) -> Case:
    """Close an open case with a reason (lead only). Its open referrals stay as they are: the
    receivers finish or cancel them (a later part may ask for that first)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_lead(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("このケースはすでに終結しています。"))
    if reason not in Case.CloseReason.values:
        raise ValidationError(_("終結の理由を選んでください。"))
    before = audit.snapshot(case, ("status", "close_reason", "closed_on"))
    case.status = Case.Status.CLOSED
    case.close_reason = reason
    case.closed_on = today or timezone.localdate()
    case.save(update_fields=["status", "close_reason", "closed_on"])
    audit.record(
        actor=actor,
        action="coordination.case.close",
        local_government=case.local_government,
        obj=case,
        changes=audit.diff(before, audit.snapshot(case, ("status", "close_reason", "closed_on"))),
    )
    return case


def case_read(*, actor, case: Case, groups, purpose: str, reason: str = "", request=None):
    """The values of `groups` of the case's person, for `actor`; a group the actor may not see
    is refused (PermissionDenied), and the read is logged through core.audit.sensitive_read
    before the values go out. Returns {group: {field: value}}."""
    groups = [FieldGroup(group) for group in groups]
    allowed = set(access.visible_groups(actor, case))
    if not groups or not set(groups) <= allowed:
        raise PermissionDenied
    person = case.person
    with transaction.atomic():
        audit.sensitive_read(
            actor=actor,
            obj=case,
            local_government=case.local_government,
            kind=READ_KIND,
            fields=[str(group) for group in groups],
            purpose=purpose,
            reason=reason,
            request=request,
        )
    return {
        str(group): {name: _shown(person, name) for name in GROUP_FIELDS[group]} for group in groups
    }


def _shown(person, name: str):
    # an anonymised person keeps a placeholder birth date (the column is NOT NULL): none shown
    if name == "birth_date" and person.anonymised_at is not None:
        return None
    return getattr(person, name)
