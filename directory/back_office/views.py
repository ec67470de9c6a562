"""The directory's back office. Partners keep their own entries by proposing changes; the
secretariat reviews them before they are public, edits directly, assigns who keeps which
entry, and sees which entries have not been verified for 12 months (要確認).

Views only parse input, fetch through directory.access, call one service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response as _csv_response
from core.web.exports import export
from core.web.forms import add_service_errors
from core.web.listing import query_without as _query_without
from core.web.listing import sort_links as _sort_links
from directory import access
from directory.back_office import entry_values, selectors, services
from directory.back_office.forms import (
    ChangeFilterForm,
    MaintainerForm,
    OrganizationDirectForm,
    OrganizationFilterForm,
    OrganizationProposalForm,
    ReviewForm,
    ServiceEditor,
    ServiceFilterForm,
)
from directory.models import ChangeRequest

EDITORS = access.EDITOR_ROLES
PAGE_SIZE = 50
CHANGE_PAGE_SIZE = 30
RECENT_CHANGES = 10


def _cutoff():
    return selectors.verification_cutoff(timezone.localdate())


def _verified_text(record) -> str:
    return record.last_verified_on.isoformat() if record.last_verified_on else _("未確認")


# --- lists -------------------------------------------------------------------------------------


def _organizations(request):
    local_government = staff_local_government(request)
    form = OrganizationFilterForm(request.GET or None)
    filters = form.filters()
    organizations = selectors.organization_list(
        access.visible_organizations(request.user, local_government), cutoff=_cutoff(), **filters
    )
    return local_government, form, filters, organizations


@roles_required(*EDITORS)
def index(request):
    """The organizations (the secretariat: all; a partner: the ones it keeps)."""
    local_government, form, filters, organizations = _organizations(request)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    is_secretariat = access.is_secretariat(request.user, local_government)
    pending_total = (
        access.visible_change_requests(request.user, local_government)
        .filter(state=ChangeRequest.State.PENDING)
        .count()
    )
    return render(
        request,
        "directory/staff/index.html",
        {
            "form": form,
            "page": page,
            "query": _query_without(request),
            "sort_links": _sort_links(
                request,
                filters["sort"],
                {
                    "name": ("name", None),
                    "category": ("category", None),
                    "verified": ("verified", "-verified"),
                },
            ),
            "filtered": any(filters[name] for name in ("q", "category", "due", "pending")),
            "is_secretariat": is_secretariat,
            "pending_total": pending_total,
            "verification_months": selectors.VERIFICATION_MONTHS,
        },
    )


@export("csv")
@roles_required(*EDITORS)
def organizations_csv(request):
    _local_government, _form, _filters, organizations = _organizations(request)
    header = [
        _("名称"),
        _("区分"),
        _("情報を管理する組織"),
        _("ウェブサイト"),
        _("メール"),
        _("公開状態"),
        _("支援・サービスの数"),
        _("最終確認日"),
        _("要確認"),
        _("確認待ちの変更申請"),
    ]
    rows = (
        [
            organization.name,
            organization.get_category_display(),
            organization.maintainer.name if organization.maintainer else "",
            organization.website,
            organization.email,
            organization.get_review_status_display(),
            organization.service_count,
            _verified_text(organization),
            _("要確認") if organization.is_due else "",
            organization.pending_count,
        ]
        for organization in organizations
    )
    return _csv_response([header, *rows], "directory-organizations.csv")


def _services(request):
    local_government = staff_local_government(request)
    form = ServiceFilterForm(request.GET or None, local_government=local_government)
    filters = form.filters()
    services_ = selectors.service_list(
        access.visible_services(request.user, local_government), cutoff=_cutoff(), **filters
    )
    return local_government, form, filters, services_


@roles_required(*EDITORS)
def service_list(request):
    local_government, form, filters, listed = _services(request)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/staff/services.html",
        {
            "form": form,
            "page": page,
            "query": _query_without(request),
            "sort_links": _sort_links(
                request,
                filters["sort"],
                {
                    "name": ("name", None),
                    "organization": ("organization", None),
                    "verified": ("verified", "-verified"),
                },
            ),
            "filtered": any(
                filters[name]
                for name in ("q", "category", "need", "status", "review", "due", "pending")
            ),
            "is_secretariat": access.is_secretariat(request.user, local_government),
            "verification_months": selectors.VERIFICATION_MONTHS,
        },
    )


@export("csv")
@roles_required(*EDITORS)
def services_csv(request):
    _local_government, _form, _filters, listed = _services(request)
    header = [
        _("機関・団体"),
        _("区分"),
        _("情報を管理する組織"),
        _("支援・サービス"),
        _("実施状況"),
        _("公開状態"),
        _("困りごと（ニーズ）"),
        _("電話番号"),
        _("受付時間"),
        _("24時間対応"),
        _("最終確認日"),
        _("要確認"),
        _("確認待ちの変更申請"),
    ]
    rows = []
    for service in listed:
        organization = service.organization
        rows.append(
            [
                organization.name,
                organization.get_category_display(),
                organization.maintainer.name if organization.maintainer else "",
                service.name,
                service.get_status_display(),
                service.get_review_status_display(),
                "、".join(t.name for t in service.terms.all() if t.taxonomy.kind == "need"),
                " / ".join(
                    selectors.phone_text(entry_values.phone_value(phone))
                    for phone in service.phones.all()
                ),
                " / ".join(
                    selectors.schedule_text(entry_values.schedule_value(schedule))
                    for schedule in service.schedules.all()
                ),
                _("はい") if service.is_24_hours else "",
                _verified_text(service),
                _("要確認") if service.is_due else "",
                service.pending_count,
            ]
        )
    return _csv_response([header, *rows], "directory-services.csv")


# --- an organization ---------------------------------------------------------------------------


def _organization_for(request, pk: int):
    local_government = staff_local_government(request)
    organizations = access.visible_organizations(request.user, local_government)
    return local_government, get_object_or_404(organizations.select_related("maintainer"), pk=pk)


@roles_required(*EDITORS)
def organization_detail(request, pk: int):
    local_government, organization = _organization_for(request, pk)
    cutoff = _cutoff()
    changes = selectors.labelled(
        selectors.change_list(organization.change_requests.all())[:RECENT_CHANGES]
    )
    return render(
        request,
        "directory/staff/organization_detail.html",
        {
            "organization": organization,
            "organization_due": selectors.is_due(organization, cutoff),
            "services": selectors.organization_services(organization, cutoff=cutoff),
            "changes": changes,
            "is_secretariat": access.is_secretariat(request.user, local_government),
            "can_propose": access.can_propose(request.user, organization),
            "can_verify": access.can_verify(request.user, organization),
            "organization_pending": organization.change_requests.filter(
                service=None, state=ChangeRequest.State.PENDING
            ).exists(),
            "verification_months": selectors.VERIFICATION_MONTHS,
        },
    )


@roles_required(*EDITORS)
def organization_edit(request, pk: int):
    """The secretariat changes the organization at once; a partner proposes a change."""
    local_government, organization = _organization_for(request, pk)
    direct = access.can_edit_directly(request.user, local_government)
    form_class = OrganizationDirectForm if direct else OrganizationProposalForm
    form = form_class(request.POST or None, initial=form_class.initial_for(organization))
    if request.method == "POST" and form.is_valid():
        try:
            if direct:
                services.organization_edit(
                    actor=request.user, organization=organization, values=form.values()
                )
            else:
                services.organization_change_propose(
                    actor=request.user, organization=organization, values=form.values()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if direct:
                messages.success(request, _("機関・団体の情報を更新しました。"))
            else:
                messages.success(
                    request, _("変更を申請しました。事務局が確認してから公開されます。")
                )
            return redirect("directory_admin:organization_detail", pk=organization.pk)
    pending = organization.change_requests.filter(
        service=None, state=ChangeRequest.State.PENDING
    ).exists()
    return render(
        request,
        "directory/staff/organization_form.html",
        {"organization": organization, "form": form, "direct": direct, "pending": pending},
    )


@roles_required(*EDITORS)
def organization_verify(request, pk: int):
    """「内容を確認しました」: the entry is still correct (its date only changes)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _local_government, organization = _organization_for(request, pk)
    services.organization_verify(actor=request.user, organization=organization)
    messages.success(
        request,
        _("「%(name)s」とその支援・サービスを、きょう確認済みにしました。")
        % {"name": organization.name},
    )
    return redirect("directory_admin:organization_detail", pk=organization.pk)


@roles_required(Role.SECRETARIAT)
def organization_maintainer(request, pk: int):
    local_government, organization = _organization_for(request, pk)
    form = MaintainerForm(
        request.POST or None,
        local_government=local_government,
        initial={"maintainer": organization.maintainer_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_assign_maintainer(
                actor=request.user, organization=organization, maintainer=form.chosen_maintainer()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("情報を管理する組織を設定しました。"))
            return redirect("directory_admin:organization_detail", pk=organization.pk)
    return render(
        request,
        "directory/staff/maintainer_form.html",
        {"organization": organization, "form": form},
    )


# --- a service ---------------------------------------------------------------------------------


def _service_form_page(request, *, local_government, organization, service=None):
    direct = access.can_edit_directly(request.user, local_government)
    values = entry_values.service_values(service) if service is not None else None
    editor = ServiceEditor(
        request.POST if request.method == "POST" else None,
        local_government=local_government,
        values=values,
        direct=direct,
    )
    if request.method == "POST" and editor.is_valid():
        values = editor.values()
        try:
            if direct and service is None:
                service = services.service_create(
                    actor=request.user, organization=organization, values=values
                )
                message = _("支援・サービス「%(name)s」を追加しました。")
            elif direct:
                services.service_edit(actor=request.user, service=service, values=values)
                message = _("支援・サービス「%(name)s」を更新しました。")
            elif service is None:
                change = services.service_propose_new(
                    actor=request.user, organization=organization, values=values
                )
                service = change.service
                message = _(
                    "支援・サービス「%(name)s」の追加を申請しました。事務局が確認してから公開されます。"
                )
            else:
                services.service_change_propose(actor=request.user, service=service, values=values)
                message = _(
                    "支援・サービス「%(name)s」の変更を申請しました。事務局が確認してから公開されます。"
                )
        except ValidationError as error:
            add_service_errors(editor.form, error)
        else:
            messages.success(request, message % {"name": values["name"]})
            return redirect("directory_admin:organization_detail", pk=organization.pk)
    pending = (
        service is not None
        and service.change_requests.filter(state=ChangeRequest.State.PENDING).exists()
    )
    return render(
        request,
        "directory/staff/service_form.html",
        {
            "organization": organization,
            "service": service,
            "editor": editor,
            "form": editor.form,
            "direct": direct,
            "pending": pending,
        },
    )


@roles_required(*EDITORS)
def service_create(request, pk: int):
    local_government, organization = _organization_for(request, pk)
    return _service_form_page(request, local_government=local_government, organization=organization)


@roles_required(*EDITORS)
def service_edit(request, pk: int):
    local_government = staff_local_government(request)
    service = get_object_or_404(
        selectors.with_details(access.visible_services(request.user, local_government)), pk=pk
    )
    return _service_form_page(
        request,
        local_government=local_government,
        organization=service.organization,
        service=service,
    )


# --- change requests ---------------------------------------------------------------------------


@roles_required(*EDITORS)
def change_list(request):
    local_government = staff_local_government(request)
    is_secretariat = access.is_secretariat(request.user, local_government)
    form = ChangeFilterForm(request.GET or None)
    state = form.state_value(default=ChangeRequest.State.PENDING if is_secretariat else "")
    if not form.is_bound:
        form = ChangeFilterForm(initial={"state": state})
    requests = selectors.change_list(
        access.visible_change_requests(request.user, local_government), state=state
    )
    page = Paginator(requests, CHANGE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.labelled(page.object_list)
    return render(
        request,
        "directory/staff/changes.html",
        {
            "form": form,
            "page": page,
            "state": state,
            "query": _query_without(request),
            "is_secretariat": is_secretariat,
        },
    )


def _change_for(request, pk: int):
    local_government = staff_local_government(request)
    requests = access.visible_change_requests(request.user, local_government).select_related(
        "local_government", "organization", "service", "submitted_by", "reviewed_by"
    )
    return local_government, get_object_or_404(requests, pk=pk)


def _change_page(request, *, local_government, change_request, form=None, status=200):
    is_secretariat = access.is_secretariat(request.user, local_government)
    can_review = is_secretariat and change_request.state == ChangeRequest.State.PENDING
    if can_review and form is None:
        form = ReviewForm()
    proposed = change_request.proposed if isinstance(change_request.proposed, dict) else {}
    return render(
        request,
        "directory/staff/change_detail.html",
        {
            "change": change_request,
            "kind_label": entry_values.KIND_LABELS.get(proposed.get("kind"), ""),
            "rows": selectors.change_rows(change_request),
            "form": form if can_review else None,
            "is_secretariat": is_secretariat,
        },
        status=status,
    )


@roles_required(*EDITORS)
def change_detail(request, pk: int):
    local_government, change_request = _change_for(request, pk)
    return _change_page(request, local_government=local_government, change_request=change_request)


@roles_required(Role.SECRETARIAT)
def change_review(request, pk: int):
    """Approve (apply and publish) or reject (with a comment for the partner)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    local_government, change_request = _change_for(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == ReviewForm.APPROVE:
                services.change_approve(
                    actor=request.user, change_request=change_request, comment=comment
                )
                message = _("変更を承認し、公開しました。")
            else:
                services.change_reject(
                    actor=request.user, change_request=change_request, comment=comment
                )
                message = _("変更を見送りました。コメントは申請した団体に表示されます。")
        except ValidationError as error:
            change_request.refresh_from_db()
            if change_request.state != ChangeRequest.State.PENDING:
                messages.error(request, " ".join(error.messages))
                return redirect("directory_admin:change_detail", pk=change_request.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("directory_admin:changes")
    return _change_page(
        request, local_government=local_government, change_request=change_request, form=form
    )
