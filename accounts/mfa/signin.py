"""The second step of signing in, shared by the code form and the passkey ceremony: who gave
the password (kept in the session for MFA_PENDING_SECONDS), signing them in once the second
factor is given, and the recovery codes made after a first enrolment."""

import time

from django.contrib.auth import login
from django_otp import login as otp_login

from accounts import services
from accounts.enrolment import clear_enrolment
from accounts.mfa import services as mfa
from accounts.models import User

MFA_PENDING = "tsunagu_mfa_pending"
MFA_PENDING_SECONDS = 5 * 60
NEW_RECOVERY_CODES = "tsunagu_new_recovery_codes"


def start_second_step(request, user, next_url: str) -> None:
    """After the password: remember who is signing in until the second factor is given."""
    request.session[MFA_PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}


def pending_user(request):
    pending = request.session.get(MFA_PENDING)
    if not pending or time.time() - pending["at"] > MFA_PENDING_SECONDS:
        request.session.pop(MFA_PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None or not mfa.has_any_device(user):
        request.session.pop(MFA_PENDING, None)
        return None
    return user


def finish_sign_in(request, user, device) -> str:
    """The second factor was given: sign in, mark the session verified; return where to go."""
    next_url = request.session.get(MFA_PENDING, {}).get("next") or ""
    request.session.pop(MFA_PENDING, None)
    login(request, user)
    otp_login(request, device)
    services.login_record_success(request, user=user, mfa=True)
    return next_url


def after_first_factor(request, user) -> None:
    """A first second factor is in place: recovery codes are made once and shown once."""
    clear_enrolment(request)
    if mfa.recovery_codes_left(user) == 0:
        request.session[NEW_RECOVERY_CODES] = mfa.recovery_codes_generate(actor=user, user=user)
