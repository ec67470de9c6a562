"""Writes of the directory's back office: a partner proposes changes to the entries it keeps,
the secretariat approves or rejects them, edits directly, assigns maintainers, and either marks
an entry as verified.

Every function checks who may do it (directory.access), validates (ValidationError with
Japanese messages), runs in one transaction and writes an audit entry with the values before
→ after. What changes public pages also expires their cache (bump_content_revision) and
refreshes the service's search text (directory.search.fulltext.reindex_service, when present).

A proposal is a ChangeRequest whose `proposed` JSON is
`{"kind": "organization" | "service" | "new_service", "values": {field: value},
"before": {field: value}}`: `values` holds only the fields that differ from the entry at the
time of the proposal, `before` their values then. Phones, schedules and taxonomy terms are
plain JSON (see `service_values`). A new service is saved at once as a draft (not public) and
its request asks for publication."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization as AccountOrganization
from core import audit
from directory import access
from directory.back_office.entry_values import (
    COMMENT_LIMIT,
    KIND_LABELS,
    NEW_SERVICE,
    ORGANIZATION,
    ORGANIZATION_DIRECT_FIELDS,
    ORGANIZATION_PROPOSAL_FIELDS,
    REVIEW_STATUS_FIELD,
    SERVICE,
    SERVICE_DIRECT_FIELDS,
    SERVICE_PROPOSAL_FIELDS,
    apply_organization,
    apply_service,
    as_text,
    changed_values,
    clean_organization_values,
    clean_service_values,
    entry_label,
    organization_values,
    reindex,
    service_values,
)
from directory.models import (
    ChangeRequest,
    Organization,
    ReviewStatus,
    Service,
)

# --- proposals (partners) ----------------------------------------------------------------------


def _refuse_if_pending(organization: Organization, service: Service | None) -> None:
    pending = ChangeRequest.objects.filter(
        organization=organization, service=service, state=ChangeRequest.State.PENDING
    )
    if pending.exists():
        raise ValidationError(
            _("確認待ちの変更申請があります。事務局が確認するまで、新しい申請はできません。")
        )


def _propose(*, actor, organization, service, kind, values, before) -> ChangeRequest:
    change_request = ChangeRequest.objects.create(
        local_government=organization.local_government,
        organization=organization,
        service=service,
        proposed={"kind": kind, "values": values, "before": before},
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action="directory_change.propose",
        local_government=organization.local_government,
        obj=change_request,
        object_label=entry_label(organization, service),
        changes=audit.diff(before, values),
    )
    return change_request


@transaction.atomic
def organization_change_propose(
    *, actor, organization: Organization, values: dict
) -> ChangeRequest:
    """Propose a change to an organization's description, website or email."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    _refuse_if_pending(organization, None)
    cleaned = clean_organization_values(values, fields=ORGANIZATION_PROPOSAL_FIELDS)
    current = organization_values(organization)
    changed = changed_values(current, cleaned)
    if not changed:
        raise ValidationError(_("変更された項目がありません。"))
    before = {name: current[name] for name in changed}
    return _propose(
        actor=actor,
        organization=organization,
        service=None,
        kind=ORGANIZATION,
        values=changed,
        before=before,
    )


@transaction.atomic
def service_change_propose(*, actor, service: Service, values: dict) -> ChangeRequest:
    """Propose a change to a service. A draft service (not public) is changed at once and
    its request asks for publication."""
    service = Service.objects.select_for_update().select_related("organization").get(pk=service.pk)
    organization = service.organization
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    _refuse_if_pending(organization, service)
    cleaned = clean_service_values(
        values, fields=SERVICE_PROPOSAL_FIELDS, local_government=service.local_government
    )
    current = service_values(service)
    changed = changed_values(current, cleaned)
    before = {name: current[name] for name in changed}
    if service.review_status == ReviewStatus.DRAFT:
        apply_service(service, changed)
        return _propose(
            actor=actor,
            organization=organization,
            service=service,
            kind=NEW_SERVICE,
            values=changed,
            before=before,
        )
    if not changed:
        raise ValidationError(_("変更された項目がありません。"))
    return _propose(
        actor=actor,
        organization=organization,
        service=service,
        kind=SERVICE,
        values=changed,
        before=before,
    )


@transaction.atomic
def service_propose_new(*, actor, organization: Organization, values: dict) -> ChangeRequest:
    """Add a service as a draft and ask the secretariat to publish it."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_propose(actor, organization):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_PROPOSAL_FIELDS, local_government=organization.local_government
    )
    if "name" not in cleaned:
        raise ValidationError({"name": _("名称を入力してください。")})
    service = Service(
        local_government=organization.local_government,
        organization=organization,
        review_status=ReviewStatus.DRAFT,
        position=organization.services.count() + 1,
    )
    apply_service(service, cleaned)
    return _propose(
        actor=actor,
        organization=organization,
        service=service,
        kind=NEW_SERVICE,
        values=cleaned,
        before={},
    )


# --- review (secretariat) ----------------------------------------------------------------------


def _pending_for_review(actor, change_request: ChangeRequest) -> ChangeRequest:
    change_request = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("local_government", "organization", "service")
        .get(pk=change_request.pk)
    )
    if not access.can_review(actor, change_request.local_government):
        raise PermissionDenied
    if change_request.state != ChangeRequest.State.PENDING:
        raise ValidationError(_("この変更申請はすでに確認済みです。"))
    return change_request


def _close(change_request, *, actor, state, comment) -> None:
    change_request.state = state
    change_request.reviewed_by = actor
    change_request.reviewed_at = timezone.now()
    change_request.comment = comment
    change_request.save(update_fields=["state", "reviewed_by", "reviewed_at", "comment"])


def _clean_comment(comment: str) -> str:
    comment = as_text(comment)
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError(
            {
                "comment": _("コメントは%(limit)s文字以内で入力してください。")
                % {"limit": COMMENT_LIMIT}
            }
        )
    return comment


@transaction.atomic
def change_approve(*, actor, change_request: ChangeRequest, comment: str = "") -> ChangeRequest:
    """Apply the proposed change, publish it and record it; the entry counts as verified today."""
    change_request = _pending_for_review(actor, change_request)
    comment = _clean_comment(comment)
    local_government = change_request.local_government
    kind = (
        change_request.proposed.get("kind") if isinstance(change_request.proposed, dict) else None
    )
    values = change_request.proposed.get("values") if kind else None
    if kind not in KIND_LABELS or not isinstance(values, dict):
        raise ValidationError(_("変更内容を読み取れません。この申請は見送ってください。"))
    today = timezone.localdate()

    if kind == ORGANIZATION:
        target = Organization.objects.select_for_update().get(pk=change_request.organization_id)
        cleaned = clean_organization_values(values, fields=ORGANIZATION_PROPOSAL_FIELDS)
        before = organization_values(target)
        apply_organization(target, {**cleaned, "last_verified_on": today})
        after = organization_values(target)
        action = "directory_organization.update"
    else:
        if change_request.service_id is None:
            raise ValidationError(_("変更内容を読み取れません。この申請は見送ってください。"))
        target = Service.objects.select_for_update().get(pk=change_request.service_id)
        before = service_values(target)
        if kind == SERVICE:
            cleaned = clean_service_values(
                values, fields=SERVICE_PROPOSAL_FIELDS, local_government=local_government
            )
        else:
            # the draft already holds the proposal (and any correction the secretariat made)
            cleaned = {REVIEW_STATUS_FIELD: ReviewStatus.PUBLISHED}
        apply_service(target, {**cleaned, "last_verified_on": today})
        target = Service.objects.prefetch_related("phones", "schedules", "terms__taxonomy").get(
            pk=target.pk
        )
        after = service_values(target)
        action = "directory_service.create" if kind == NEW_SERVICE else "directory_service.update"

    _close(change_request, actor=actor, state=ChangeRequest.State.APPROVED, comment=comment)
    audit.record(
        actor=actor,
        action=action,
        local_government=local_government,
        obj=target,
        changes=audit.diff(before, after),
    )
    audit.record(
        actor=actor,
        action="directory_change.approve",
        local_government=local_government,
        obj=change_request,
        object_label=entry_label(change_request.organization, change_request.service),
        changes={"state": {"before": ChangeRequest.State.PENDING, "after": "approved"}},
    )
    local_government.bump_content_revision()
    return change_request


@transaction.atomic
def change_reject(*, actor, change_request: ChangeRequest, comment: str) -> ChangeRequest:
    """Close the request without changing the entry; the comment tells the partner why."""
    change_request = _pending_for_review(actor, change_request)
    comment = _clean_comment(comment)
    if not comment:
        raise ValidationError(
            {"comment": _("見送る理由をコメントに書いてください。申請した団体に表示されます。")}
        )
    _close(change_request, actor=actor, state=ChangeRequest.State.REJECTED, comment=comment)
    audit.record(
        actor=actor,
        action="directory_change.reject",
        local_government=change_request.local_government,
        obj=change_request,
        object_label=entry_label(change_request.organization, change_request.service),
        changes={
            "state": {"before": ChangeRequest.State.PENDING, "after": "rejected"},
            "comment": {"before": "", "after": comment},
        },
    )
    return change_request


# --- verification ------------------------------------------------------------------------------


@transaction.atomic
def organization_verify(*, actor, organization: Organization) -> Organization:
    """Record that the entry (the organization and its services) is still correct, today.
    Nothing else changes, so no review is needed."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not access.can_verify(actor, organization):
        raise PermissionDenied
    today = timezone.localdate()
    before = organization.last_verified_on
    organization.last_verified_on = today
    organization.save(update_fields=["last_verified_on", "updated_at"])
    services = organization.services.all()
    service_count = services.update(last_verified_on=today, updated_at=timezone.now())
    audit.record(
        actor=actor,
        action="directory_organization.verify",
        local_government=organization.local_government,
        obj=organization,
        changes={
            "last_verified_on": {"before": before, "after": today},
            "services": {"before": None, "after": service_count},
        },
    )
    organization.local_government.bump_content_revision()
    return organization


# --- direct edits (secretariat) ----------------------------------------------------------------


@transaction.atomic
def organization_edit(*, actor, organization: Organization, values: dict) -> Organization:
    """Change an organization directly (the secretariat; published at once)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    local_government = organization.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_organization_values(
        values, fields=(*ORGANIZATION_DIRECT_FIELDS, REVIEW_STATUS_FIELD)
    )
    name = cleaned.get("name", organization.name)
    duplicate = Organization.objects.filter(local_government=local_government, name=name)
    if duplicate.exclude(pk=organization.pk).exists():
        raise ValidationError({"name": _("同じ名称の機関・団体がすでにあります。")})
    before = organization_values(organization)
    apply_organization(organization, cleaned)
    changes = audit.diff(before, organization_values(organization))
    if "name" in changes:
        # a service is also found by its organization's name
        for service in organization.services.all():
            reindex(service)
    if changes:
        audit.record(
            actor=actor,
            action="directory_organization.update",
            local_government=local_government,
            obj=organization,
            changes=changes,
        )
        local_government.bump_content_revision()
    return organization


@transaction.atomic
def service_edit(*, actor, service: Service, values: dict) -> Service:
    """Change a service directly (the secretariat; published at once unless set to draft)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    local_government = service.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_DIRECT_FIELDS, local_government=local_government
    )
    before = service_values(service)
    changed = changed_values(before, cleaned)
    if changed:
        apply_service(service, changed)
        after = {**before, **changed}
        audit.record(
            actor=actor,
            action="directory_service.update",
            local_government=local_government,
            obj=service,
            changes=audit.diff(before, after),
        )
        local_government.bump_content_revision()
    return service


@transaction.atomic
def service_create(*, actor, organization: Organization, values: dict) -> Service:
    """Add a service directly (the secretariat)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    local_government = organization.local_government
    if not access.can_edit_directly(actor, local_government):
        raise PermissionDenied
    cleaned = clean_service_values(
        values, fields=SERVICE_DIRECT_FIELDS, local_government=local_government
    )
    if "name" not in cleaned:
        raise ValidationError({"name": _("名称を入力してください。")})
    service = Service(
        local_government=local_government,
        organization=organization,
        position=organization.services.count() + 1,
    )
    apply_service(service, cleaned)
    audit.record(
        actor=actor,
        action="directory_service.create",
        local_government=local_government,
        obj=service,
        changes=audit.diff({}, cleaned),
    )
    local_government.bump_content_revision()
    return service


MAINTAINER_KINDS = ("partner", "housing_provider", "volunteer_group", "employer")


def maintainer_choices(local_government):
    """The accounts organizations that may keep directory entries (not city departments)."""

    return AccountOrganization.objects.filter(
        local_government=local_government, kind__in=MAINTAINER_KINDS
    ).order_by("kind", "name")


@transaction.atomic
def organization_assign_maintainer(
    *, actor, organization: Organization, maintainer
) -> Organization:
    """Let `maintainer` (an accounts organization, or None) keep this entry."""
    organization = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("maintainer")
        .get(pk=organization.pk)
    )
    local_government = organization.local_government
    if not access.can_assign_maintainer(actor, local_government):
        raise PermissionDenied
    if (
        maintainer is not None
        and not maintainer_choices(local_government).filter(pk=maintainer.pk).exists()
    ):
        raise ValidationError(
            {"maintainer": _("この地方公共団体の関係機関・団体のアカウントを選んでください。")}
        )
    before = organization.maintainer
    if (before.pk if before else None) == (maintainer.pk if maintainer else None):
        return organization
    organization.maintainer = maintainer
    organization.save(update_fields=["maintainer", "updated_at"])
    audit.record(
        actor=actor,
        action="directory_organization.assign_maintainer",
        local_government=local_government,
        obj=organization,
        changes=audit.diff({"maintainer": before}, {"maintainer": maintainer}),
    )
    return organization
