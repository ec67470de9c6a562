"""The secretariat's work on cooperating employers: the list (filters, sorting, CSV and Excel),
an employer's page with its hiring record, the review of applications (approve, reject,
withdraw), edits, the account e-mail, and the import of existing lists.

Views only parse input, fetch through employment.employers.selectors, call one service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.reauth import reauth_required
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.uploads import error_report
from core.web.exports import csv_response, export, xlsx_response
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from employment.employers import importing as employer_import
from employment.employers import selectors, services
from employment.employers.forms import (
    ApproveForm,
    EmployerFilterForm,
    EmployerUploadForm,
    ReasonForm,
    SecretariatEmployerForm,
)
from employment.models import Employer
from stats.importer import ImportInvalid

PAGE_SIZE = 50


# --- the list ------------------------------------------------------------------------------------


def _employers(request):
    local_government = staff_local_government(request)
    wards = selectors.wards(local_government)
    form = EmployerFilterForm(request.GET or None, wards=wards)
    filters = form.filters()
    employers = selectors.employer_list(
        selectors.secretariat_employers(request.user, local_government), **filters
    )
    return local_government, form, filters, employers


@roles_required(Role.SECRETARIAT)
def index(request):
    local_government, form, filters, employers = _employers(request)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/employers/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "sort_links": sort_links(
                request,
                filters["sort"],
                {
                    "name": ("name", "-name"),
                    "industry": ("industry", None),
                    "ward": ("ward", None),
                    "registered": ("registered", "-registered"),
                    "applied": ("-applied", "applied"),
                },
            ),
            "filtered": any(
                filters[name] for name in ("q", "status", "industry", "ward", "public")
            ),
            "counts": selectors.status_counts(local_government),
        },
    )


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _export_rows(employers):
    """The header and rows of an export: the import's columns first (so that an edited export
    can be imported again), then what the system records."""
    headings = employer_import.export_headings()
    columns = [*employer_import.COLUMNS, *employer_import.EXPORT_ONLY]
    yes, no = _("はい"), _("いいえ")
    rows = [[headings[name] for name in columns]]
    for employer in employers:
        rows.append(
            [
                employer.name,
                employer.name_kana,
                employer.get_industry_display(),
                employer.postal_code,
                employer.address,
                employer.ward,
                employer.get_size_display() if employer.size else "",
                employer.employees,
                yes if employer.registered_with_probation_office else no,
                _date(employer.registered_on),
                employer.contact_name,
                employer.contact_phone,
                employer.contact_email,
                employer.hires_before_registration,
                yes if employer.is_public else no,
                employer.get_status_display(),
                _date(employer.applied_at),
                _date(employer.reviewed_at),
                employer.hires_recorded,
                yes if employer.organization_id else no,
            ]
        )
    return rows


@export("csv", personal=True)
@roles_required(Role.SECRETARIAT)
@reauth_required
def export_csv(request):
    local_government, _form, _filters, employers = _employers(request)
    return csv_response(_export_rows(employers), f"{local_government.slug}-employers.csv")


@export("xlsx", personal=True)
@roles_required(Role.SECRETARIAT)
@reauth_required
def export_xlsx(request):
    local_government, _form, _filters, employers = _employers(request)
    return xlsx_response(
        _export_rows(employers),
        f"{local_government.slug}-employers.xlsx",
        title=_("協力雇用主"),
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def template_csv(request):
    """The import template: the header row and one fictional example row."""
    headings = employer_import.export_headings()
    example = [
        _("株式会社れい建設（架空）"),
        _("れいけんせつ"),
        _("建設業"),
        "860-0000",
        _("熊本市中央区れい町1-1（架空）"),
        _("中央区"),
        "",
        "12",
        _("はい"),
        "2019-04-01",
        _("れい 太郎"),
        "096-000-0000",
        "rei@example.jp",
        "1",
        _("いいえ"),
    ]
    return csv_response(
        [[headings[name] for name in employer_import.COLUMNS], example],
        "employers-template.csv",
    )


# --- an employer ---------------------------------------------------------------------------------


def _employer(request, pk: int) -> Employer:
    local_government = staff_local_government(request)
    return selectors.employer_for_secretariat(request.user, local_government, pk)


def _detail(request, employer: Employer, **forms):
    context = {
        "employer": employer,
        "record": selectors.hiring_record(employer),
        "same_name": selectors.same_name(employer),
        "users": list(employer.organization.users.order_by("pk")) if employer.organization else [],
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "reject_form": forms.get("reject_form") or ReasonForm(prefix="reject"),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(prefix="withdraw"),
        "action_errors": forms.get("action_errors") or [],
    }
    return render(request, "employment/employers/detail.html", context)


@roles_required(Role.SECRETARIAT)
def detail(request, pk: int):
    return _detail(request, _employer(request, pk))


@roles_required(Role.SECRETARIAT)
def edit(request, pk: int):
    employer = _employer(request, pk)
    local_government = employer.local_government
    form = SecretariatEmployerForm(
        request.POST or None,
        initial=SecretariatEmployerForm.initial_for(employer),
        wards=selectors.wards(local_government),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(actor=request.user, employer=employer, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("事業所の情報を更新しました。"))
            return redirect("employers:detail", pk=employer.pk)
    return render(
        request,
        "employment/employers/form.html",
        {"form": form, "employer": employer, "wards": form.wards},
    )


def _action_errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@roles_required(Role.SECRETARIAT)
@require_POST
def approve(request, pk: int):
    employer = _employer(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _detail(request, employer, approve_form=form)
    try:
        result = services.employer_approve(
            actor=request.user, employer=employer, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return _detail(request, employer, approve_form=form, action_errors=_action_errors(error))
    if result.created:
        messages.success(
            request,
            _(
                "承認しました。アカウント（%(username)s）を作り、パスワード設定のメールを"
                "%(email)s に送りました。"
            )
            % {"username": result.user.get_username(), "email": result.user.email},
        )
    else:
        messages.success(request, _("承認しました。"))
    return redirect("employers:detail", pk=employer.pk)


@roles_required(Role.SECRETARIAT)
@require_POST
def reject(request, pk: int):
    employer = _employer(request, pk)
    form = ReasonForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.employer_reject(
                actor=request.user, employer=employer, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _detail(request, employer, action_errors=_action_errors(error))
            add_service_errors(form, error)
        else:
            messages.success(request, _("不承認にしました。"))
            return redirect("employers:detail", pk=employer.pk)
    return _detail(request, employer, reject_form=form)


@roles_required(Role.SECRETARIAT)
@require_POST
def withdraw(request, pk: int):
    employer = _employer(request, pk)
    form = ReasonForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            services.employer_withdraw(
                actor=request.user, employer=employer, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _detail(request, employer, action_errors=_action_errors(error))
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("登録を終了しました。この事業所のアカウントは使えなくなりました。")
            )
            return redirect("employers:detail", pk=employer.pk)
    return _detail(request, employer, withdraw_form=form)


@roles_required(Role.SECRETARIAT)
@require_POST
def invite(request, pk: int):
    employer = _employer(request, pk)
    try:
        result = services.employer_invite(actor=request.user, employer=employer)
    except ValidationError as error:
        return _detail(request, employer, action_errors=_action_errors(error))
    messages.success(
        request,
        _("パスワード設定のメールを %(email)s に送りました（ユーザー名: %(username)s）。")
        % {"email": result.user.email, "username": result.user.get_username()},
    )
    return redirect("employers:detail", pk=employer.pk)


# --- import --------------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def import_file(request):
    local_government = staff_local_government(request)
    is_post = request.method == "POST"
    form = EmployerUploadForm(request.POST, request.FILES) if is_post else EmployerUploadForm()
    errors = None
    if is_post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.employer_import_file(
                actor=request.user,
                local_government=local_government,
                filename=upload.name,
                content=form.cleaned_data["content"],
            )
        except ImportInvalid as invalid:
            errors = invalid.errors
        else:
            messages.success(
                request,
                _(
                    "%(file)s の%(rows)s行を取り込みました（新規 %(created)s・更新 %(updated)s・"
                    "変更なし %(unchanged)s）。"
                )
                % {
                    "file": upload.name,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("employers:index")
    headings = employer_import.export_headings()
    return render(
        request,
        "employment/employers/import.html",
        {
            "form": form,
            **error_report(errors or []),
            "columns": [
                (name, headings[name], name in employer_import.REQUIRED)
                for name in employer_import.COLUMNS
            ],
            "export_only": [headings[name] for name in employer_import.EXPORT_ONLY],
        },
    )
