"""Writes of the consents part: the secretariat's approval of a provision to a public body,
the check of a signed consent form, and the emergency override with its two-person rule
(docs/support-coordination/consents.md). Giving and withdrawing a consent stay in
coordination.services (consent_give, consent_withdraw).

Every write runs in one transaction and is audited; an override's reason and a review's note
may hold personal details, so the audit entry says only that one was given."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from coordination import access
from coordination.models import Case, Consent, ConsentOverride, FieldGroup
from coordination.services import NEVER_IN_TEAM
from core import audit
from core.fields.choice_masks import from_mask, to_mask
from core.roles import Role

# The signed form's accepted types, told by their first bytes (not by the name or the
# browser's claim): PDF, JPEG, PNG.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXPIRING_DAYS = 30


def signed_form_type(upload) -> str:
    """The content type of an uploaded signed form, read from its first bytes, or
    ValidationError (not a PDF, JPEG or PNG; empty; larger than the setting)."""
    limit = settings.TSUNAGU_CONSENT_FORM_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("ファイルが空です。"))
    if upload.size > limit:
        raise ValidationError(
            _("ファイルが大きすぎます（%(limit)s MBまで）。")
            % {"limit": f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    raise ValidationError(
        _("署名された同意書は PDF、JPEG、PNG のいずれかにしてください（内容を確認しています）。")
    )


def is_body_secretariat(user, local_government_id: int) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.SECRETARIAT
        and user.local_government_id == local_government_id
    )


@transaction.atomic
def consent_approve(*, actor, consent: Consent) -> Consent:
    """The secretariat approves a provision to a public body (第69条第2項第3号): from now on it
    covers (if inside its window and not withdrawn)."""
    consent = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    case = consent.case
    if not is_body_secretariat(actor, case.local_government_id):
        raise PermissionDenied
    if consent.basis != Consent.Basis.PUBLIC_BODY:
        raise ValidationError(_("事務局の承認が要るのは、第69条第2項第3号による提供だけです。"))
    if consent.approved_by_id is not None:
        raise ValidationError(_("この提供はすでに承認されています。"))
    if consent.withdrawn_at is not None:
        raise ValidationError(_("撤回された提供は承認できません。"))
    consent.approved_by = actor
    consent.save(update_fields=["approved_by"])
    audit.record(
        actor=actor,
        action="coordination.consent.approve",
        local_government=case.local_government,
        obj=consent,
        changes={"case": str(case), "basis": consent.basis, "approved": True},
    )
    return consent


def expiring_consents(organization_id: int, local_government_id: int, today=None):
    """The consents in force of the cases the organization leads that end within 30 days,
    soonest first."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    return (
        Consent.objects.filter(
            access.consent_in_force_q(now),
            case__lead_organization_id=organization_id,
            case__local_government_id=local_government_id,
            case__status=Case.Status.OPEN,
            valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
        )
        .select_related("case__person")
        .order_by("valid_until", "pk")
    )


# --- the emergency override (two-person rule) -----------------------------------------------


def sharable_organizations(case: Case, *, housing_provider_id: int | None = None):
    """The organizations a consent or an override may open the case to: the body's, not
    employers or housing providers, not the lead (which sees everything already). A consent
    may add one housing provider (`housing_provider_id`, from a case's housing search), for a
    housing referral: its users still never open the case."""
    body = Organization.objects.filter(local_government_id=case.local_government_id)
    organizations = body.exclude(kind__in=NEVER_IN_TEAM)
    if housing_provider_id:
        organizations = organizations | body.filter(
            pk=housing_provider_id, kind=Organization.Kind.HOUSING_PROVIDER
        )
    return organizations.exclude(pk=case.lead_organization_id).order_by("kind", "name")


@transaction.atomic
def override_request(
    *, actor, case: Case, organization: Organization, groups, reason: str
) -> ConsentOverride:
    """Ask for an emergency access (生命・身体の保護) without consent: a case worker of the lead
    organization names the organization, the groups and a written reason. It waits for a
    second person of the lead organization."""
    if not access.is_lead(actor, case):
        raise PermissionDenied
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("終結したケースには申請できません。"))
    if not sharable_organizations(case).filter(pk=organization.pk).exists():
        raise ValidationError(_("この組織には緊急時の閲覧を申請できません。"))
    mask = to_mask(FieldGroup, groups)
    if not mask:
        raise ValidationError(_("閲覧させる項目を一つ以上選んでください。"))
    if not reason.strip():
        raise ValidationError(_("理由を書いてください。"))
    override = ConsentOverride.objects.create(
        case=case,
        organization=organization,
        groups=mask,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="coordination.override.request",
        local_government=case.local_government,
        obj=override,
        changes={
            "case": str(case),
            "organization": str(organization),
            "groups": from_mask(FieldGroup, mask),
            "reason_given": True,
        },
    )
    return override


def _locked_override(override: ConsentOverride) -> ConsentOverride:
    return (
        ConsentOverride.objects.select_for_update(of=("self",))
        .select_related("case", "case__local_government", "organization")
        .get(pk=override.pk)
    )


def can_decide(user, override: ConsentOverride) -> bool:
    """A second person of the lead organization (not the requester) may decide."""
    return access.is_lead(user, override.case) and user.pk != override.requested_by_id


@transaction.atomic
def override_decide(*, actor, override: ConsentOverride, approve: bool, now=None):
    """The second person approves (in force at once, for TSUNAGU_OVERRIDE_HOURS) or refuses."""
    override = _locked_override(override)
    if not access.is_lead(actor, override.case):
        raise PermissionDenied
    if actor.pk == override.requested_by_id:
        raise ValidationError(
            _("申請した本人は承認できません。主担当の組織の別の職員が判断します。")
        )
    if override.status != ConsentOverride.Status.PENDING:
        raise ValidationError(_("この申請はすでに判断されています。"))
    now = now or timezone.now()
    if approve:
        override.status = ConsentOverride.Status.ACTIVE
        override.approved_by = actor
        override.approved_at = now
        override.expires_at = now + datetime.timedelta(hours=settings.TSUNAGU_OVERRIDE_HOURS)
    else:
        override.status = ConsentOverride.Status.REFUSED
    override.save(update_fields=["status", "approved_by", "approved_at", "expires_at"])
    audit.record(
        actor=actor,
        action="coordination.override.approve" if approve else "coordination.override.refuse",
        local_government=override.case.local_government,
        obj=override,
        changes={
            "case": str(override.case),
            "organization": str(override.organization),
            "status": override.status,
            "expires_at": override.expires_at,
        },
    )
    return override


@transaction.atomic
def override_review(*, actor, override: ConsentOverride, note: str, now=None):
    """The secretariat reviews an approved override afterwards (事後確認). It stays in force
    until its time is up."""
    override = _locked_override(override)
    if not is_body_secretariat(actor, override.case.local_government_id):
        raise PermissionDenied
    if override.status != ConsentOverride.Status.ACTIVE:
        raise ValidationError(_("事後確認できるのは、承認された申請だけです。"))
    if not note.strip():
        raise ValidationError(_("確認の内容を書いてください。"))
    override.status = ConsentOverride.Status.REVIEWED
    override.reviewed_by = actor
    override.reviewed_at = now or timezone.now()
    override.review_note = note.strip()
    override.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        actor=actor,
        action="coordination.override.review",
        local_government=override.case.local_government,
        obj=override,
        changes={"case": str(override.case), "status": override.status, "note_given": True},
    )
    return override
