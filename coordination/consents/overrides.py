"""The emergency override's pages (two-person rule): a case worker of the lead organization
asks, after re-authentication; a different one of the same organization approves or refuses,
after re-authentication; the secretariat lists the body's overrides and reviews each one
(docs/support-coordination/consents.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.reauth import reauth_required
from coordination import access
from coordination.consents import services as consents
from coordination.consents.forms import DecisionForm, OverrideRequestForm, ReviewForm
from coordination.consents.presenters import group_labels
from coordination.models import Consent, ConsentOverride
from coordination.services import READ_KIND
from coordination.web import case_for, checked_case
from core import audit
from core.access import roles_required
from core.roles import Role
from core.web.forms import add_service_errors

PAGE_SIZE = 50


@roles_required(*access.INTAKE_ROLES)
def request_override(request, pk: int):
    checked_case(
        request, pk, lead=True
    )  # 404 outside the team, 403 not leading: before re-authentication
    return _request_override(request, pk)


@reauth_required
def _request_override(request, pk: int):
    view = case_for(request, pk, purpose="override_request")
    case = view.case
    form = OverrideRequestForm(
        request.POST or None, organizations=consents.sharable_organizations(case)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                consents.override_request(
                    actor=request.user,
                    case=case,
                    organization=data["organization"],
                    groups=data["groups"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("申請しました。主担当の組織の別の職員が承認すると有効になります。"),
                )
                return redirect("consents:index", pk=case.pk)
        status = 400
    return render(
        request,
        "coordination/consents/override_request.html",
        {"view": view, "active": "consents:index", "form": form},
        status=status,
    )


def _override(request, pk: int) -> ConsentOverride:
    override = (
        ConsentOverride.objects.select_related(
            "case__person", "case__lead_organization", "organization", "requested_by"
        )
        .filter(pk=pk, case__local_government_id=request.user.local_government_id)
        .first()
    )
    if override is None:
        raise Http404
    return override


@roles_required(*access.INTAKE_ROLES)
def approve_override(request, pk: int):
    override = _override(request, pk)
    checked_case(request, override.case_id, lead=True)
    if request.user.pk == override.requested_by_id:
        raise PermissionDenied  # the two-person rule: never one's own
    return _approve_override(request, override)


@reauth_required
def _approve_override(request, override: ConsentOverride):
    view = case_for(request, override.case_id, purpose="override_approve")
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                consents.override_decide(actor=request.user, override=override, approve=approve)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("承認しました。期限まで閲覧できます。")
                    if approve
                    else _("承認しませんでした。"),
                )
                return redirect("consents:index", pk=override.case_id)
        status = 400
    return render(
        request,
        "coordination/consents/override_approve.html",
        {
            "view": view,
            "active": "consents:index",
            "override": override,
            "groups": group_labels(override.groups),
            "form": form,
        },
        status=status,
    )


# --- the secretariat --------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def overrides(request):
    listed = (
        ConsentOverride.objects.filter(case__local_government_id=request.user.local_government_id)
        .select_related(
            "case__person",
            "case__lead_organization",
            "organization",
            "requested_by",
            "approved_by",
            "reviewed_by",
        )
        .order_by("-requested_at", "-pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for override in page:
        override.group_labels = group_labels(override.groups)
        override.in_force = override.is_in_force()
    provisions = (
        Consent.objects.filter(
            basis=Consent.Basis.PUBLIC_BODY,
            approved_by__isnull=True,
            withdrawn_at__isnull=True,
            case__local_government_id=request.user.local_government_id,
        )
        .select_related("case__person", "case__lead_organization")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "coordination/consents/overrides.html",
        {"page": page, "provisions": provisions},
    )


@roles_required(Role.SECRETARIAT)
def review_override(request, pk: int):
    """The secretariat reads the written reason (it may hold personal details: the read is
    logged) and records its review."""
    override = _override(request, pk)
    with transaction.atomic():
        audit.sensitive_read(
            actor=request.user,
            obj=override.case,
            local_government=request.user.local_government,
            kind=READ_KIND,
            fields=[],
            purpose="override_review",
            request=request,
        )
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consents.override_review(
                    actor=request.user, override=override, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("事後確認を記録しました。"))
                return redirect("consents:overrides")
        status = 400
    return render(
        request,
        "coordination/consents/override_review.html",
        {
            "override": override,
            "groups": group_labels(override.groups),
            "in_force": override.is_in_force(),
            "form": form,
        },
        status=status,
    )
