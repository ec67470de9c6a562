"""The account screens: the list (filters, sorting, paging, CSV), an account's page, the
invitation, the edit of role and organization, deactivation and reactivation.

Views only parse input, fetch through accounts.people.selectors, call one service from
accounts.people.services (which enforces the rules) and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.people import selectors, services
from accounts.people.forms import AccountEditForm, AccountFilterForm, InviteForm
from accounts.reauth import reauth_required
from core.access import roles_required
from core.roles import Role
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links

MANAGERS = (Role.SECRETARIAT, Role.SYSTEM_ADMIN)
PAGE_SIZE = 50


def _accounts(request):
    form = AccountFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    users = selectors.user_list(selectors.manageable_users(request.user), **filters)
    return form, filters, users


@roles_required(*MANAGERS)
def index(request):
    form, filters, users = _accounts(request)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "sort_links": sort_links(
                request,
                filters["sort"],
                {
                    "name": ("name", "-name"),
                    "username": ("username", "-username"),
                    "organization": ("organization", "-organization"),
                    "role": ("role", None),
                    "last_login": ("last_login", "-last_login"),
                },
            ),
            "filtered": any(
                filters[name]
                for name in ("q", "role", "organization", "local_government", "active")
            ),
            "is_admin": request.user.role == Role.SYSTEM_ADMIN,
        },
    )


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@export("csv", personal=True)
@roles_required(*MANAGERS)
@reauth_required
def export_csv(request):
    """The accounts on the list, as CSV: personal data, so re-authentication comes first."""
    _form, _filters, users = _accounts(request)
    yes, no = _("利用中"), _("利用停止中")
    rows = [
        [
            _("地方公共団体"),
            _("所属組織"),
            _("氏名"),
            _("ユーザー名"),
            _("メールアドレス"),
            _("役割"),
            _("状態"),
            _("パスワード設定済み"),
            _("最終ログイン"),
            _("作成日時"),
        ]
    ]
    for user in users:
        rows.append(
            [
                user.organization.local_government.name,
                user.organization.name,
                user.display_name,
                user.username,
                user.email,
                user.get_role_display(),
                yes if user.is_active else no,
                _("はい") if user.has_usable_password() else _("いいえ"),
                _when(user.last_login),
                _when(user.date_joined),
            ]
        )
    return csv_response(rows, "accounts.csv")


@roles_required(*MANAGERS)
def detail(request, pk: int):
    user = selectors.user_for(request.user, pk)
    return render(
        request,
        "accounts/people/detail.html",
        {
            "account": user,
            "invitation": selectors.open_invitation(user),
            "now": timezone.now(),
            "is_self": user.pk == request.user.pk,
            "has_password": user.has_usable_password(),
        },
    )


@roles_required(*MANAGERS)
@reauth_required
def invite(request):
    """Open an account: it gets a role (so re-authentication comes first) and an e-mail."""
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_invite(
                actor=request.user,
                email=data["email"],
                display_name=data["display_name"],
                role=data["role"],
                organization=data["organization"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(email)s に案内のメールを送りました。リンクの有効期限は%(days)s日です。")
                % {"email": user.email, "days": services.invitations.valid_days()},
            )
            return redirect("people:detail", pk=user.pk)
    return render(
        request,
        "accounts/people/invite.html",
        {"form": form, "valid_days": services.invitations.valid_days()},
    )


@roles_required(*MANAGERS)
@reauth_required
def edit(request, pk: int):
    """Change an account's role, organization and name (re-authentication first: a change
    of roles)."""
    user = selectors.user_for(request.user, pk)
    initial = {
        "display_name": user.display_name,
        "role": user.role,
        "organization": user.organization_id,
    }
    form = AccountEditForm(request.POST or None, initial=initial, actor=request.user, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changes = services.account_update(
                actor=request.user,
                user=user,
                role=data["role"],
                organization=data["organization"],
                display_name=data["display_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changes:
                messages.success(request, _("アカウントを変更しました。"))
            else:
                messages.info(request, _("変更はありませんでした。"))
            return redirect("people:detail", pk=user.pk)
    return render(request, "accounts/people/edit.html", {"form": form, "account": user})


def _post_action(request, pk: int, service, done: str):
    user = selectors.user_for(request.user, pk)
    try:
        service(actor=request.user, user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("people:detail", pk=user.pk)


@roles_required(*MANAGERS)
@require_POST
def deactivate(request, pk: int):
    return _post_action(
        request,
        pk,
        services.account_deactivate,
        _(
            "アカウントを停止しました。この方はログインできなくなり、使っていた画面からも"
            "ログアウトされます。"
        ),
    )


@roles_required(*MANAGERS)
@require_POST
def reactivate(request, pk: int):
    return _post_action(
        request, pk, services.account_reactivate, _("アカウントの利用を再開しました。")
    )


@roles_required(*MANAGERS)
@require_POST
def resend(request, pk: int):
    return _post_action(
        request,
        pk,
        services.invitation_resend,
        _("案内のメールをもう一度送りました。前のメールのリンクは使えなくなりました。"),
    )
