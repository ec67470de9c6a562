"""Passkeys (WebAuthn) through django-otp-webauthn, as a second factor only.

The library's views do the ceremonies; these subclasses bind them to our sign-in:
- registration needs a signed-in user who has passed the second factor in this session, or
  (a first enrolment) holds an enrolment grant — never the password alone;
- authentication is the second step of signing in (the user who gave the password, kept in
  the session by `accounts:login`), the confirmation of a signed-in session that has not
  given its second factor yet, or the second half of a re-authentication (the password was
  checked by `accounts:reauth` a moment before).
Every outcome goes through our bookkeeping: failures count towards the lock-out, success is
audited. The library's JavaScript is served as static files; its configuration goes into the
page as a data attribute (`passkey_config`), never as inline script.
"""

import json
import time

from django.middleware import csrf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn

from accounts import reauth, services
from accounts.enrolment import enrolment_granted
from accounts.mfa import services as mfa
from accounts.mfa.passkey_messages import JAPANESE
from accounts.mfa.signin import after_first_factor, finish_sign_in, pending_user
from core import audit
from core.access import public, roles_required
from core.roles import STAFF_ROLES

REAUTH_PASSWORD_AT = "tsunagu_reauth_password_at"
REAUTH_PASSWORD_SECONDS = 5 * 60


def passkey_config(request) -> str:
    """The library's configuration as JSON, for a `data-` attribute of the page."""
    return json.dumps(
        {
            "autocompleteLoginFieldSelector": None,
            "nextFieldSelector": "input[name='next']",
            "csrfToken": csrf.get_token(request),
            "beginAuthenticationUrl": reverse("accounts:passkey_auth_begin"),
            "completeAuthenticationUrl": reverse("accounts:passkey_auth_complete"),
            "beginRegistrationUrl": reverse("accounts:passkey_register_begin"),
            "completeRegistrationUrl": reverse("accounts:passkey_register_complete"),
        }
    )


class NotGranted(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = _("パスキーを登録するには、招待メールのリンクか事務局の登録コードが必要です。")
    default_code = "enrolment_not_granted"


class Locked(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = services.LOCKED_MESSAGE
    default_code = "locked"


class RegistrationMixin:
    def check_can_register(self):
        user = self.get_user()
        if not (user.is_verified() or enrolment_granted(self.request, user)):
            raise NotGranted()


class PasskeyRegisterBegin(RegistrationMixin, webauthn.BeginCredentialRegistrationView):
    pass


class PasskeyRegisterComplete(RegistrationMixin, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        first = not mfa.has_second_factor(self.request.user)
        response = super().post(*args, **kwargs)
        device = mfa.passkeys(self.request.user).get(pk=json.loads(response.content)["id"])
        mfa.passkey_registered(user=self.request.user, device=device)
        if first:
            after_first_factor(self.request, self.request.user)
        mfa.keep_own_session(self.request, self.request.user)
        return response


class AuthenticationMixin:
    """Who is proving themselves: the user half-way through signing in, or the signed-in
    user re-authenticating."""

    def get_user(self):
        if self.request.user.is_authenticated:
            return self.request.user
        return pending_user(self.request)

    def check_can_authenticate(self):
        user = self.get_user()
        if user is None or not user.is_active:
            raise exceptions.NotAuthenticated()
        signed_in = self.request.user
        if signed_in.is_authenticated and signed_in.is_verified():
            # Already verified: a passkey here is a re-authentication, password first.
            if not _password_recent(self.request):
                raise exceptions.NotAuthenticated()
        if services.login_is_locked(self.request, username=user.get_username()):
            raise Locked()


def _password_recent(request) -> bool:
    mark = request.session.get(REAUTH_PASSWORD_AT)
    return bool(
        mark
        and mark.get("user") == request.user.pk
        and time.time() - mark["at"] <= REAUTH_PASSWORD_SECONDS
    )


class PasskeyAuthBegin(AuthenticationMixin, webauthn.BeginCredentialAuthenticationView):
    pass


class PasskeyAuthComplete(AuthenticationMixin, webauthn.CompleteCredentialAuthenticationView):
    def handle_exception(self, exc):
        user = getattr(self, "_tsunagu_user", None)
        if user is not None and not isinstance(exc, Locked):
            services.login_record_failure(self.request, username=user.get_username())
        return super().handle_exception(exc)

    def get_user(self):
        self._tsunagu_user = super().get_user()
        return self._tsunagu_user

    def complete_auth(self, device):
        request = self.request
        if request.user.is_authenticated:
            recent = _password_recent(request)
            request.session.pop(REAUTH_PASSWORD_AT, None)
            otp_login(request, device)
            self._next = ""
            if not recent:
                return  # this session has now given its second factor (accounts:mfa_setup)
            reauth.mark(request)
            audit.record(
                actor=request.user,
                action="auth.reauth",
                local_government=request.user.local_government,
                obj=request.user,
                changes={"ip": services.client_ip(request), "mfa": True, "passkey": True},
            )
            return
        self._next = finish_sign_in(request, device.user, device)

    def get_success_url(self):
        return getattr(self, "_next", "") or super().get_success_url()


def _staff(view_class):
    return roles_required(*STAFF_ROLES)(csrf_protect(view_class.as_view()))


def _public(view_class):
    return public(csrf_protect(view_class.as_view()))


passkey_register_begin = _staff(PasskeyRegisterBegin)
passkey_register_complete = _staff(PasskeyRegisterComplete)
passkey_auth_begin = _public(PasskeyAuthBegin)
passkey_auth_complete = _public(PasskeyAuthComplete)


class PasskeyCatalog(JavaScriptCatalog):
    """The library's script messages, in Japanese (it ships no Japanese catalogue)."""

    def get_catalog(self):
        catalog = super().get_catalog()
        if self.translation.language().startswith("ja"):
            catalog.update(JAPANESE)
        return catalog


passkey_i18n = public(PasskeyCatalog.as_view(packages=["django_otp_webauthn"]))
