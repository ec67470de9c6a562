"""Writes about cooperating employers (協力雇用主): the online application, the secretariat's
review (approve, reject, withdraw), edits by the secretariat or by the employer itself, the
employer's account and its password-set e-mail, and the import of existing lists.

Each service checks who may call it, validates (`rules.check_values` holds the rules shared with
the forms and the import), writes in one transaction, records an audit entry and sends e-mail only after
the commit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.people import invitations
from core import audit
from core.access import has_role
from core.roles import Role
from employment.employers import importing as employer_import
from employment.employers.accounts import AccountResult, ensure_account, on_commit_email
from employment.employers.rules import (
    COMPANY_FIELDS,
    SECRETARIAT_FIELDS,
    check_values,
    folded_name,
)
from employment.models import Employer
from stats.importer import ImportInvalid, RowError

AUDITED_FIELDS = (*SECRETARIAT_FIELDS, "status", "organization", "review_note")


def _validated(values: dict[str, Any], **rules) -> dict[str, Any]:
    values = dict(values)
    errors = check_values(values, today=timezone.localdate(), **rules)
    if errors:
        raise ValidationError(errors)
    return values


def _full_clean(employer: Employer) -> None:
    # The model's own checks (lengths, choices, e-mail form); the status and review fields are
    # set by the services.
    employer.full_clean(exclude=["organization", "reviewed_by"])


# --- who may do what -------------------------------------------------------------------------


def is_secretariat_of(user, local_government) -> bool:
    return has_role(user, [Role.SECRETARIAT]) and user.local_government_id == local_government.pk


def _require_secretariat(actor, employer_or_lg) -> None:
    local_government = getattr(employer_or_lg, "local_government", employer_or_lg)
    if not is_secretariat_of(actor, local_government):
        raise PermissionDenied


def _may_edit_company(actor, employer: Employer) -> bool:
    return (
        has_role(actor, [Role.EMPLOYER])
        and employer.status == Employer.Status.APPROVED
        and employer.organization_id is not None
        and actor.organization_id == employer.organization_id
    )


def _expire_public_pages(employer: Employer, *, was_public: bool) -> None:
    """The public job board shows approved public employers: expire its cached pages when one
    enters or leaves it or changes."""
    is_visible = employer.status == Employer.Status.APPROVED and employer.is_public
    if is_visible or was_public:
        employer.local_government.bump_content_revision()


def _publicly_visible(employer: Employer) -> bool:
    return employer.status == Employer.Status.APPROVED and employer.is_public


# --- applying ---------------------------------------------------------------------------------


@transaction.atomic
def employer_apply(*, local_government, values: dict[str, Any]) -> Employer:
    """Record an online application (status 申請中); the secretariat reviews it."""
    values = _validated(values, require_contact=True)
    employer = Employer(
        local_government=local_government,
        status=Employer.Status.APPLIED,
        **{name: values[name] for name in COMPANY_FIELDS if name in values},
    )
    _full_clean(employer)
    employer.save()
    audit.record(
        actor=None,
        action="employment.employer.apply",
        local_government=local_government,
        obj=employer,
        changes=audit.snapshot(employer, COMPANY_FIELDS),
    )
    return employer


# --- editing ----------------------------------------------------------------------------------


@transaction.atomic
def employer_update(*, actor, employer: Employer, values: dict[str, Any]) -> Employer:
    """Change an employer's details: the secretariat any of SECRETARIAT_FIELDS, the employer
    itself (an approved one) its COMPANY_FIELDS, including whether it is public."""
    if is_secretariat_of(actor, employer.local_government):
        allowed = SECRETARIAT_FIELDS
    elif _may_edit_company(actor, employer):
        allowed = COMPANY_FIELDS
    else:
        raise PermissionDenied
    unknown = set(values) - set(allowed)
    if unknown:
        raise PermissionDenied
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    require_contact = not is_secretariat_of(actor, employer.local_government)
    values = _validated(values, require_contact=require_contact)
    before = audit.snapshot(employer, AUDITED_FIELDS)
    was_public = _publicly_visible(employer)
    for name, value in values.items():
        setattr(employer, name, value)
    _full_clean(employer)
    organization = employer.organization
    if organization is not None and organization.name != employer.name:
        clash = (
            Organization.objects.filter(
                local_government=employer.local_government,
                kind=organization.kind,
                name=employer.name,
            )
            .exclude(pk=organization.pk)
            .exists()
        )
        if clash:
            raise ValidationError(
                {
                    "name": _(
                        "同じ名前の事業所のアカウントがすでにあります。名前を確かめてください。"
                    )
                }
            )
        organization.name = employer.name
        organization.save(update_fields=["name"])
    employer.save()
    changes = audit.diff(before, audit.snapshot(employer, AUDITED_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.employer.update",
            local_government=employer.local_government,
            obj=employer,
            changes=changes,
        )
        _expire_public_pages(employer, was_public=was_public)
    return employer


# --- reviewing ----------------------------------------------------------------------------------


@transaction.atomic
def employer_approve(*, actor, employer: Employer, note: str = "") -> AccountResult:
    """Approve an application (or take back a withdrawn employer): the employer gets its
    account and, when the user is new, the e-mail to set its password."""
    _require_secretariat(actor, employer)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status not in (Employer.Status.APPLIED, Employer.Status.WITHDRAWN):
        raise ValidationError(
            _("「%(status)s」の事業所は承認できません。")
            % {"status": employer.get_status_display()}
        )
    before = audit.snapshot(employer, AUDITED_FIELDS)
    result = ensure_account(actor, employer)
    employer.status = Employer.Status.APPROVED
    employer.reviewed_at = timezone.now()
    employer.reviewed_by = actor
    employer.review_note = note.strip()
    employer.save()
    changes = audit.diff(before, audit.snapshot(employer, AUDITED_FIELDS))
    if result.created:
        changes["account"] = result.user.get_username()
    if result.reactivated:
        changes["reactivated"] = result.reactivated
    audit.record(
        actor=actor,
        action="employment.employer.approve",
        local_government=employer.local_government,
        obj=employer,
        changes=changes,
    )
    _expire_public_pages(employer, was_public=False)
    if result.created:
        on_commit_email(actor, result.user, employer)
    return result


@transaction.atomic
def employer_reject(*, actor, employer: Employer, reason: str) -> Employer:
    """Refuse an application; the reason is kept for the record."""
    _require_secretariat(actor, employer)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status != Employer.Status.APPLIED:
        raise ValidationError(_("申請中の事業所だけを不承認にできます。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("不承認の理由を入力してください。")})
    before = audit.snapshot(employer, AUDITED_FIELDS)
    employer.status = Employer.Status.REJECTED
    employer.reviewed_at = timezone.now()
    employer.reviewed_by = actor
    employer.review_note = reason.strip()
    employer.save()
    audit.record(
        actor=actor,
        action="employment.employer.reject",
        local_government=employer.local_government,
        obj=employer,
        changes=audit.diff(before, audit.snapshot(employer, AUDITED_FIELDS)),
    )
    return employer


@transaction.atomic
def employer_withdraw(*, actor, employer: Employer, reason: str) -> Employer:
    """End an approved employer's registration: it leaves every list and its users can no
    longer sign in (approving it again brings them back)."""
    _require_secretariat(actor, employer)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status != Employer.Status.APPROVED:
        raise ValidationError(_("承認済みの事業所だけを登録終了にできます。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("登録終了の理由を入力してください。")})
    before = audit.snapshot(employer, AUDITED_FIELDS)
    was_public = _publicly_visible(employer)
    employer.status = Employer.Status.WITHDRAWN
    employer.reviewed_at = timezone.now()
    employer.reviewed_by = actor
    employer.review_note = reason.strip()
    employer.save()
    changes = audit.diff(before, audit.snapshot(employer, AUDITED_FIELDS))
    if employer.organization_id:
        users = User.objects.filter(
            organization_id=employer.organization_id, role=Role.EMPLOYER, is_active=True
        )
        names = list(users.values_list("username", flat=True))
        for user in users:
            # an unused account e-mail stops working too (it would work again on return)
            invitations.revoke_open(user)
        users.update(is_active=False)
        if names:
            changes["deactivated"] = names
    audit.record(
        actor=actor,
        action="employment.employer.withdraw",
        local_government=employer.local_government,
        obj=employer,
        changes=changes,
    )
    _expire_public_pages(employer, was_public=was_public)
    return employer


@transaction.atomic
def employer_invite(*, actor, employer: Employer) -> AccountResult:
    """Send an approved employer the e-mail to set its password, making its account first
    when it has none (employers taken from an imported list)."""
    _require_secretariat(actor, employer)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.status != Employer.Status.APPROVED:
        raise ValidationError(_("承認済みの事業所だけにアカウントの案内を送れます。"))
    had_organization = employer.organization_id is not None
    result = ensure_account(actor, employer)
    if not had_organization:
        employer.save(update_fields=["organization", "updated_at"])
    audit.record(
        actor=actor,
        action="employment.employer.invite",
        local_government=employer.local_government,
        obj=employer,
        changes={"account": result.user.get_username(), "created": result.created},
    )
    on_commit_email(actor, result.user, employer)
    return result


# --- importing ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


def employer_import_file(*, actor, local_government, filename: str, content: bytes) -> ImportResult:
    """Take an existing list of cooperating employers (CSV or .xlsx), all or nothing: rows
    whose name matches a registered employer update the details the row gives (not its
    status or account), the others are registered as approved. Raise
    stats.importer.ImportInvalid listing every bad row.

    The file is read, validated and turned into records before the transaction opens (SQLite
    takes its write lock when it does); inside it run only a check that the matched employers
    did not change meanwhile and the writes, in bulk."""

    _require_secretariat(actor, local_government)
    rows = employer_import.parse_upload(
        local_government=local_government, filename=filename, content=content
    )
    result = ImportResult()
    now = timezone.now()
    note = _("一覧の取り込み（%(file)s）") % {"file": filename}
    changed_public = False
    problems: list[RowError] = []
    created: list[Employer] = []
    updated: list[Employer] = []
    seen: employer_import.Seen = {}
    for row in rows:
        employer = row.employer
        if employer is None:
            employer = Employer(
                local_government=local_government,
                status=Employer.Status.APPROVED,
                reviewed_at=now,
                reviewed_by=actor,
                review_note=note,
            )
            before = None
            was_public = False
            seen[folded_name(row.values["name"])] = None
        else:
            before = audit.snapshot(employer, SECRETARIAT_FIELDS)
            was_public = _publicly_visible(employer)
            seen[folded_name(employer.name)] = (employer.pk, employer.updated_at)
        for name, value in row.values.items():
            setattr(employer, name, value)
        if before is not None and not audit.diff(
            before, audit.snapshot(employer, SECRETARIAT_FIELDS)
        ):
            result.unchanged += 1
            continue
        try:
            _full_clean(employer)
        except ValidationError as error:  # the importer checks the same; kept as a guard
            problems.extend(
                RowError(row.row, name, message)
                for name, messages in error.message_dict.items()
                for message in messages
            )
            continue
        if before is None:
            created.append(employer)
        else:
            employer.updated_at = now
            updated.append(employer)
        changed_public |= was_public or _publicly_visible(employer)
    if problems:
        raise ImportInvalid(problems)
    result.created, result.updated = len(created), len(updated)
    with transaction.atomic():
        employer_import.check_unchanged_since_read(local_government, seen)
        Employer.objects.bulk_create(created, batch_size=500)
        Employer.objects.bulk_update(updated, [*SECRETARIAT_FIELDS, "updated_at"], batch_size=500)
        audit.record(
            actor=actor,
            action="employment.employer.import",
            local_government=local_government,
            object_type="employment.employer",
            object_label=filename[:300],
            changes={
                "file": filename,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        if changed_public:
            local_government.bump_content_revision()
    return result


# --- demo data ----------------------------------------------------------------------------------


@transaction.atomic
def employer_ensure_fictional(
    *, local_government, values: dict[str, Any], organization=None
) -> tuple[Employer, bool]:
    """Return the fictional approved employer of that name, registering it if missing (for
    seed_demo: running it twice changes nothing)."""
    existing = Employer.objects.filter(
        local_government=local_government, name=values["name"]
    ).first()
    if existing is None and organization is not None:
        existing = Employer.objects.filter(organization=organization).first()
    if existing is not None:
        if organization is not None and existing.organization_id is None:
            existing.organization = organization
            existing.save(update_fields=["organization", "updated_at"])
        return existing, False
    values = _validated(values)
    employer = Employer(
        local_government=local_government,
        organization=organization,
        status=Employer.Status.APPROVED,
        reviewed_at=timezone.now(),
        is_fictional=True,
        **values,
    )
    _full_clean(employer)
    employer.save()
    audit.record(
        actor=None,
        action="employment.employer.seed",
        local_government=local_government,
        obj=employer,
    )
    if employer.is_public:
        local_government.bump_content_revision()
    return employer, True
