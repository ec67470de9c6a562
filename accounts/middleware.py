"""Sign-in state checked on every request.

- SessionLifetimeMiddleware: a session ends SESSION_ABSOLUTE_SECONDS after its sign-in,
  however active (the idle timeout is SESSION_COOKIE_AGE, renewed by each request).
- MFARequiredMiddleware: with MFA_REQUIRED, a signed-in user who has not passed the second
  factor in this session (django-otp's `user.is_verified()`) is sent to `accounts:mfa_setup`,
  which verifies an enrolled user or, with an enrolment grant, enrols a new one.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SIGNED_IN_AT = "tsunagu_signed_in_at"
ALLOWED_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:mfa_guide",
    "accounts:passkey_register_begin",
    "accounts:passkey_register_complete",
    "accounts:passkey_auth_begin",
    "accounts:passkey_auth_complete",
    "accounts:passkey_i18n",
}


def record_sign_in(sender, request, user, **kwargs):
    """Connected to user_logged_in (AccountsConfig.ready): the start of the absolute lifetime."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            at = request.session.get(SIGNED_IN_AT)
            if at is None:
                # A session from before this check (or a test's force_login): count from now.
                request.session[SIGNED_IN_AT] = time.time()
            elif time.time() - float(at) > settings.TSUNAGU_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("ログインしてから時間が経ったため、ログアウトしました。"))
        return self.get_response(request)


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED or not request.user.is_authenticated:
            return None
        if request.user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        return redirect("accounts:mfa_setup")
