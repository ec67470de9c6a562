"""The password pages: the one page where a link from an e-mail sets a password (an invitation
from the account screens, or an approved employer's account e-mail,
employment.employers.accounts), and a signed-in user's change of their own password.

The token leaves the address bar at once (it is kept in the session and the page reloads at
…/password/set/), so it is not leaked through the Referer header or the history. After the
password is set, the user is signed in, granted the right to enrol a first second factor
(accounts.enrolment) and sent to enrol it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts import services as signin
from accounts.enrolment import grant_enrolment
from accounts.people import invitations
from accounts.people import services as people
from accounts.people.forms import OwnPasswordChangeForm, PasswordSetForm
from core.access import public, roles_required
from core.roles import STAFF_ROLES

SESSION_TOKEN = "tsunagu_invitation_token"
IN_SESSION = "set"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@public
@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
@never_cache
def set_password(request, token: str):
    if token != IN_SESSION:
        request.session[SESSION_TOKEN] = token
        return redirect("accounts:set_password", token=IN_SESSION)
    found = invitations.invitation_lookup(request.session.get(SESSION_TOKEN, ""))
    if found.state != invitations.VALID:
        return render(
            request, "accounts/people/set_password.html", {"state": found.state, "form": None}
        )
    invitation = found.invitation
    form = PasswordSetForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValueError:  # used or revoked meanwhile, by another tab
            return redirect("accounts:set_password", token=IN_SESSION)
        request.session.pop(SESSION_TOKEN, None)
        login(request, user, backend=BACKEND)
        grant_enrolment(request, user)
        messages.success(
            request,
            _(
                "パスワードを設定しました（ユーザー名: %(username)s）。"
                "続けて、ログインの確認に使う二つ目の手段（二要素認証）を設定してください。"
            )
            % {"username": user.get_username()},
        )
        return redirect("accounts:mfa_setup")
    return render(
        request,
        "accounts/people/set_password.html",
        {"state": found.state, "form": form, "account": invitation.user},
    )


@roles_required(*STAFF_ROLES)
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
def password_change(request):
    """Change one's own password. The current password re-authenticates the user (no separate
    re-authentication); a wrong one counts as a failed sign-in, so that the page cannot be used
    to guess it. This session stays signed in; every other session of the user ends."""
    user = request.user
    form = OwnPasswordChangeForm(user, request.POST or None)
    locked = False
    if request.method == "POST":
        if signin.login_is_locked(request, username=user.get_username()):
            locked = True
            form = OwnPasswordChangeForm(user)
        elif form.is_valid():
            people.password_change(actor=user, password=form.cleaned_data["new_password1"])
            update_session_auth_hash(request, user)
            messages.success(
                request,
                _(
                    "パスワードを変更しました。ほかのパソコンやスマートフォンでのログインは"
                    "終了しました。この画面はそのまま使えます。"
                ),
            )
            return redirect("staff:home")
        elif form.current_password_wrong():
            signin.login_record_failure(request, username=user.get_username())
    return render(request, "accounts/password_change.html", {"form": form, "locked": locked})
