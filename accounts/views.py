"""Sign-in (the password step; the second factor is in accounts/mfa/), re-authentication,
and the staff back office's home and audit log."""

import datetime
import json
import time

from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts import reauth, services
from accounts.forms import AuditFilterForm, LoginForm, ReauthForm
from accounts.home_links import links_for
from accounts.mfa import services as mfa
from accounts.mfa.passkeys import REAUTH_PASSWORD_AT, passkey_config
from accounts.mfa.signin import start_second_step
from core import audit
from core.access import public, roles_required
from core.models import LocalGovernment
from core.roles import STAFF_ROLES, Role
from core.web.exports import csv_response, export
from plans import selectors as plan_selectors


def _safe_next(request) -> str | None:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@public
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("staff:home")
    form = LoginForm(request, data=request.POST or None)
    locked = False
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        if services.login_is_locked(request, username=username):
            locked = True
            form = LoginForm(request)
        elif form.is_valid():
            user = form.get_user()
            if mfa.has_second_factor(user):
                start_second_step(request, user, _safe_next(request) or "")
                return redirect("accounts:mfa_verify")
            login(request, user)
            services.login_record_success(request, user=user)
            return redirect(_safe_next(request) or "staff:home")
        else:
            services.login_record_failure(request, username=username)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked": locked, "next": _safe_next(request) or ""},
    )


@roles_required(*STAFF_ROLES)
@sensitive_post_parameters("password", "code")
@never_cache
def reauth_view(request):
    """Prove again who you are before an export of personal data, a consent override or a
    change of roles (accounts/reauth.py): the password, and the second factor when there is
    one (the app's code, a recovery code, or a passkey after the password)."""
    user = request.user
    has_factor = mfa.has_second_factor(user)
    form = ReauthForm(request.POST or None)
    passkey_step = False
    if request.method == "POST" and form.is_valid():
        with_passkey = request.POST.get("action") == "passkey"
        if services.login_is_locked(request, username=user.get_username()):
            form.add_error(
                None,
                services.LOCKED_MESSAGE,
            )
        elif not user.check_password(form.cleaned_data["password"]):
            services.login_record_failure(request, username=user.get_username())
            form.add_error("password", _("パスワードが違います。"))
        elif has_factor and with_passkey and mfa.passkeys(user).exists():
            request.session[REAUTH_PASSWORD_AT] = {"user": user.pk, "at": time.time()}
            passkey_step = True
        elif has_factor and not (device := mfa.verify_code(user, form.cleaned_data["code"])):
            services.login_record_failure(request, username=user.get_username())
            form.add_error("code", _("確認コードが違います。"))
        else:
            if has_factor and not user.is_verified():
                otp_login(request, device)
            reauth.mark(request)
            audit.record(
                actor=user,
                action="auth.reauth",
                local_government=user.local_government,
                obj=user,
                changes={"ip": services.client_ip(request), "mfa": has_factor},
            )
            return redirect(_safe_next(request) or "staff:home")
    return render(
        request,
        "accounts/reauth.html",
        {
            "form": form,
            "next": _safe_next(request) or "",
            "has_device": has_factor,
            "has_passkey": has_factor and mfa.passkeys(user).exists(),
            "passkey_step": passkey_step,
            "passkey_config": passkey_config(request),
        },
    )


@public
@csrf_protect
def logout_view(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    logout(request)
    return redirect("portal:root")


ROLE_SEARCH_TERMS = {
    Role.VOLUNTEER: "保護司",  # i18n-data: a search term over the plan's text
    Role.EMPLOYER: "雇用主",  # i18n-data: a search term over the plan's text
    Role.HOUSING_PROVIDER: "住宅",  # i18n-data: a search term over the plan's text
    Role.PARTNER: "関係機関",  # i18n-data: a search term over the plan's text
}


@roles_required(*STAFF_ROLES)
def home(request):
    user = request.user
    context = {"role": user.role, "link_groups": links_for(user)}
    if user.role == Role.SYSTEM_ADMIN:
        context["governments"] = LocalGovernment.objects.order_by("code")[:50]
        context["government_count"] = LocalGovernment.objects.count()
        context["recent_entries"] = audit.visible_entries(user).select_related("local_government")[
            :10
        ]
        return render(request, "staff/home.html", context)

    local_government = user.local_government
    request.local_government = local_government
    plan = (
        plan_selectors.visible_plans(user, local_government)
        .order_by("-start_fiscal_year", "-id")
        .first()
    )
    context["plan"] = plan
    if plan is None:
        return render(request, "staff/home.html", context)
    context["pillars"] = plan_selectors.plan_pillars(plan)
    if user.role == Role.SECRETARIAT:
        context["department_count"] = plan_selectors.departments(local_government, plan).count()
        context["indicator_count"] = plan.indicators.count()
        context["recent_entries"] = audit.visible_entries(user)[:10]
    elif user.role == Role.DEPARTMENT:
        groups = plan_selectors.department_user_measures(user, plan)
        context["groups"] = groups
        context["measure_total"] = sum(len(group.measures) for group in groups)
    else:
        term = ROLE_SEARCH_TERMS[Role(user.role)]
        context["search_term"] = term
        context["related_measures"] = list(plan_selectors.search_measures(plan, term)[:20])
    return render(request, "staff/home.html", context)


AUDIT_PAGE_SIZE = 50


def _filtered_entries(request):
    entries = audit.visible_entries(request.user).select_related("local_government")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"] == AuditFilterForm.READS:
            entries = audit.sensitive_reads(entries)
        elif data["kind"] == AuditFilterForm.CHANGES:
            entries = entries.exclude(action__in=audit.SENSITIVE_READ_ACTIONS)
        if data["action"]:
            entries = entries.filter(action__icontains=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(
                created_at__gte=datetime.datetime.combine(data["since"], datetime.time.min, tz)
            )
        if data["until"]:
            entries = entries.filter(
                created_at__lt=datetime.datetime.combine(
                    data["until"] + datetime.timedelta(days=1), datetime.time.min, tz
                )
            )
    return form, entries


def _audit_log_csv(request, entries):
    """The filtered audit log as CSV, streamed (see audit_log)."""
    header = [
        _("日時"),
        _("地方公共団体"),
        _("操作者"),
        _("操作"),
        _("対象の種類"),
        _("対象ID"),
        _("対象"),
        _("変更内容"),
    ]
    rows = (
        [
            timezone.localtime(entry.created_at).isoformat(),
            entry.local_government.name if entry.local_government else "",
            entry.actor_label,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_label,
            json.dumps(entry.changes, ensure_ascii=False),
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    return csv_response(rows, "audit-log.csv", header=header)


@export("csv", query="format=csv", personal=True)
@roles_required(Role.SECRETARIAT, Role.SYSTEM_ADMIN)
def audit_log(request):
    form, entries = _filtered_entries(request)
    if request.GET.get("format") == "csv":
        # people's names and what they did: re-authentication first (the page needs none)
        return reauth.reauth_required(_audit_log_csv)(request, entries)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "staff/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
