"""The pages of the second factor: the second step of signing in, the MFA page (enrol,
confirm this session, passkeys, recovery codes), the printed guide, and the secretariat's
page for one user (enrolment code, reset)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from accounts import reauth, services
from accounts.enrolment import enrolment_granted
from accounts.forms import MFACodeForm
from accounts.mfa import enrolment_codes
from accounts.mfa import services as mfa
from accounts.mfa.forms import EnrolmentCodeForm, SecondFactorForm
from accounts.mfa.passkeys import passkey_config
from accounts.mfa.signin import (
    NEW_RECOVERY_CODES,
    after_first_factor,
    finish_sign_in,
    pending_user,
)
from accounts.models import User
from core.access import public, roles_required
from core.roles import STAFF_ROLES, Role

WRONG_CODE = gettext_lazy(
    "確認コードが違います。アプリに表示されている最新のコードか、予備コードを入力してください。"
)


def _wrong_code(held: bool):
    """The message for a refused code; `held`: django-otp was already holding the app back
    when it was typed (after earlier failures), so even a right code was not tried."""
    if held:
        return _(
            "続けて間違えたため、少し待っています。数秒から数分たってから、"
            "アプリに表示されている最新のコードを入力してください。"
        )
    return WRONG_CODE


@public
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def mfa_verify(request):
    """The second step of signing in: the app's code, a recovery code or a passkey."""
    user = pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    locked = False
    if request.method == "POST":
        held = mfa.must_wait(user)
        if services.login_is_locked(request, username=user.get_username()):
            locked = True
        elif form.is_valid() and (device := mfa.verify_code(user, form.cleaned_data["code"])):
            return redirect(finish_sign_in(request, user, device) or "staff:home")
        else:
            services.login_record_failure(request, username=user.get_username())
            if form.is_valid():
                form.add_error("code", _wrong_code(held))
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "locked": locked,
            "has_passkey": mfa.passkeys(user).exists(),
            "passkey_config": passkey_config(request),
        },
    )


def _setup_context(request, user, form=None):
    device = mfa.totp_device(user)
    context = {
        "totp": device,
        "passkeys": list(mfa.passkeys(user)),
        "recovery_left": mfa.recovery_codes_left(user),
        "new_codes": request.session.pop(NEW_RECOVERY_CODES, None),
        "passkey_config": passkey_config(request),
    }
    if device is None:
        pending = mfa.totp_start(user)
        context.update(
            {
                "form": form or MFACodeForm(),
                "qr": mfa.qr_svg(mfa.provisioning_uri(pending)),
                "secret": mfa.secret_text(pending),
            }
        )
    return context


@roles_required(*STAFF_ROLES)
@sensitive_post_parameters("code", "enrolment_code")
@never_cache
def mfa_setup(request):
    """The MFA page: confirm this session, enrol (with a grant), add a passkey, see what is
    set up. A first enrolment needs the invitation link or a secretariat's enrolment code."""
    user = request.user
    enrolled = mfa.has_second_factor(user)
    if enrolled and not user.is_verified():
        return _confirm_session(request, user)
    if not enrolled and not enrolment_granted(request, user):
        return _ask_for_grant(request, user)
    form = MFACodeForm(request.POST or None)
    if request.method == "POST" and mfa.totp_device(user) is None:
        device = mfa.totp_start(user)
        if form.is_valid() and mfa.totp_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        ):
            device.refresh_from_db()
            if not user.is_verified():
                otp_login(request, device)
            after_first_factor(request, user)
            mfa.keep_own_session(request, user)
            messages.success(
                request, _("二要素認証を設定しました。次回からログイン時に確認コードを入力します。")
            )
            return redirect("accounts:mfa_setup")
        if form.is_valid():
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/mfa_setup.html", _setup_context(request, user, form))


def _confirm_session(request, user):
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST":
        held = mfa.must_wait(user)
        if services.login_is_locked(request, username=user.get_username()):
            form.add_error(
                None,
                services.LOCKED_MESSAGE,
            )
        elif form.is_valid() and (device := mfa.verify_code(user, form.cleaned_data["code"])):
            otp_login(request, device)
            return redirect("staff:home")
        else:
            services.login_record_failure(request, username=user.get_username())
            if form.is_valid():
                form.add_error("code", _wrong_code(held))
    return render(
        request,
        "accounts/mfa_confirm.html",
        {
            "form": form,
            "has_passkey": mfa.passkeys(user).exists(),
            "passkey_config": passkey_config(request),
        },
    )


def _ask_for_grant(request, user):
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST":
        if services.login_is_locked(request, username=user.get_username()):
            form.add_error(
                None,
                services.LOCKED_MESSAGE,
            )
        elif form.is_valid() and enrolment_codes.enrolment_code_redeem(
            request, user=user, code=form.cleaned_data["enrolment_code"]
        ):
            return redirect("accounts:mfa_setup")
        else:
            services.login_record_failure(request, username=user.get_username())
            if form.is_valid():
                form.add_error(
                    "enrolment_code",
                    _(
                        "登録コードが違うか、期限が切れています。事務局に新しいコードを頼んでください。"
                    ),
                )
    return render(request, "accounts/mfa_grant.html", {"form": form})


@roles_required(*STAFF_ROLES)
@reauth.reauth_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Make new recovery codes (after re-authentication); the old ones stop working."""
    user = request.user
    if not mfa.has_second_factor(user):
        return redirect("accounts:mfa_setup")
    if request.method == "POST":
        request.session[NEW_RECOVERY_CODES] = mfa.recovery_codes_generate(actor=user, user=user)
        mfa.keep_own_session(request, user)
        return redirect("accounts:mfa_setup")
    return render(
        request, "accounts/mfa_recovery_codes.html", {"left": mfa.recovery_codes_left(user)}
    )


@roles_required(*STAFF_ROLES)
@reauth.reauth_required
@require_http_methods(["GET", "POST"])
def passkey_remove(request, pk):
    """Remove one of one's own passkeys (after re-authentication); never the last factor."""
    user = request.user
    passkey = get_object_or_404(mfa.passkeys(user), pk=pk)
    last = mfa.totp_device(user) is None and mfa.passkeys(user).count() == 1
    if request.method == "POST" and not last:
        mfa.passkey_remove(actor=user, user=user, pk=passkey.pk)
        mfa.keep_own_session(request, user)
        messages.success(request, _("パスキーを削除しました。"))
        return redirect("accounts:mfa_setup")
    return render(request, "accounts/mfa_passkey_remove.html", {"passkey": passkey, "last": last})


@roles_required(*STAFF_ROLES)
def mfa_guide(request):
    """A printable guide in plain Japanese for people not used to apps."""
    return render(request, "accounts/mfa_guide.html")


# --- the secretariat's page for one user ------------------------------------------------------


def _managed_user(request, pk):
    """The user the secretariat may manage: one of its own body (a system admin: anyone)."""
    target = get_object_or_404(User.objects.select_related("organization"), pk=pk)
    actor = request.user
    if actor.role == Role.SYSTEM_ADMIN:
        return target
    if (
        target.local_government_id is None
        or target.local_government_id != actor.local_government_id
    ):
        raise Http404
    return target


@roles_required(Role.SECRETARIAT, Role.SYSTEM_ADMIN)
@require_http_methods(["GET", "POST"])
def user_mfa(request, pk):
    target = _managed_user(request, pk)
    issued = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue_code":
            issued = enrolment_codes.enrolment_code_issue(actor=request.user, user=target)
        elif action == "reset":
            mfa.reset(actor=request.user, user=target)
            mfa.keep_own_session(request, target)  # a secretariat resetting their own
            messages.success(request, _("二要素認証をリセットしました。"))
            return redirect("staff:user_mfa", pk=target.pk)
        else:
            messages.error(request, _("操作を選んでください。"))
            return redirect("staff:user_mfa", pk=target.pk)
    return render(
        request,
        "accounts/user_mfa.html",
        {
            "target": target,
            "issued": issued,
            "issued_format_hours": enrolment_codes.ENROLMENT_CODE_SECONDS // 3600,
            "totp": mfa.totp_device(target),
            "passkeys": list(mfa.passkeys(target)),
            "recovery_left": mfa.recovery_codes_left(target),
            "active_code": enrolment_codes.active_code(target),
        },
    )
