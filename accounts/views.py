"""Sign-in and the staff back office's home and audit log."""

import datetime
import json
import time

from django.contrib import messages
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

from accounts import mfa, reauth, services
from accounts.forms import AuditFilterForm, LoginForm, MFACodeForm, ReauthForm
from accounts.home_links import links_for
from accounts.middleware import MFA_VERIFIED
from accounts.models import User
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
            if mfa.confirmed_device(user):
                request.session[MFA_PENDING] = {
                    "user": user.pk,
                    "at": time.time(),
                    "next": _safe_next(request) or "",
                }
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


MFA_PENDING = "tsunagu_mfa_pending"
MFA_PENDING_SECONDS = 5 * 60


@public
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def mfa_verify(request):
    """The second step of signing in: the code from the user's authenticator app."""
    pending = request.session.get(MFA_PENDING)
    if not pending or time.time() - pending["at"] > MFA_PENDING_SECONDS:
        request.session.pop(MFA_PENDING, None)
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    device = mfa.confirmed_device(user) if user else None
    if device is None:
        request.session.pop(MFA_PENDING, None)
        return redirect("accounts:login")
    form = MFACodeForm(request.POST or None)
    locked = False
    if request.method == "POST":
        if services.login_is_locked(request, username=user.get_username()):
            locked = True
        elif form.is_valid() and mfa.verify(device, form.cleaned_data["code"]):
            next_url = pending.get("next") or ""
            del request.session[MFA_PENDING]
            login(request, user)
            request.session[MFA_VERIFIED] = True
            services.login_record_success(request, user=user, mfa=True)
            return redirect(next_url or "staff:home")
        else:
            services.login_record_failure(request, username=user.get_username())
            if form.is_valid():
                form.add_error(
                    "code",
                    _(
                        "確認コードが違います。アプリに表示されている最新のコードを入力してください。"
                    ),
                )
    return render(request, "accounts/mfa_verify.html", {"form": form, "locked": locked})


@roles_required(*STAFF_ROLES)
@sensitive_post_parameters("code")
def mfa_setup(request):
    """Enrol an authenticator app, or confirm this session with it."""
    user = request.user
    device = mfa.confirmed_device(user)
    form = MFACodeForm(request.POST or None)
    if device is not None:
        if request.session.get(MFA_VERIFIED):
            return render(request, "accounts/mfa_setup.html", {"enrolled": True})
        if (
            request.method == "POST"
            and form.is_valid()
            and mfa.verify(device, form.cleaned_data["code"])
        ):
            request.session[MFA_VERIFIED] = True
            return redirect("staff:home")
        if request.method == "POST" and form.is_valid():
            form.add_error("code", _("確認コードが違います。"))
        return render(request, "accounts/mfa_setup.html", {"form": form, "confirm_only": True})
    device = mfa.device_for_enrollment(user)
    if request.method == "POST" and form.is_valid():
        if mfa.confirm_enrollment(user=user, device=device, code=form.cleaned_data["code"]):
            request.session[MFA_VERIFIED] = True
            messages.success(
                request, _("二要素認証を設定しました。次回からログイン時に確認コードを入力します。")
            )
            return redirect("staff:home")
        form.add_error(
            "code",
            _("確認コードが違います。アプリに表示されている最新のコードを入力してください。"),
        )
    uri = mfa.provisioning_uri(device)
    secret = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return render(
        request, "accounts/mfa_setup.html", {"form": form, "qr": mfa.qr_svg(uri), "secret": secret}
    )


@roles_required(*STAFF_ROLES)
@sensitive_post_parameters("password", "code")
@never_cache
def reauth_view(request):
    """Prove again who you are before an export of personal data, a consent override or a
    change of roles (accounts/reauth.py)."""
    user = request.user
    device = mfa.confirmed_device(user)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.login_is_locked(request, username=user.get_username()):
            form.add_error(
                None, _("失敗が続いたため、しばらく確認できません。15分ほど待ってください。")
            )
        elif not user.check_password(form.cleaned_data["password"]):
            services.login_record_failure(request, username=user.get_username())
            form.add_error("password", _("パスワードが違います。"))
        elif device is not None and not mfa.verify(device, form.cleaned_data["code"]):
            services.login_record_failure(request, username=user.get_username())
            form.add_error("code", _("確認コードが違います。"))
        else:
            reauth.mark(request)
            audit.record(
                actor=user,
                action="auth.reauth",
                local_government=user.local_government,
                obj=user,
                changes={"ip": services.client_ip(request), "mfa": device is not None},
            )
            return redirect(_safe_next(request) or "staff:home")
    return render(
        request,
        "accounts/reauth.html",
        {"form": form, "next": _safe_next(request) or "", "has_device": device is not None},
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
