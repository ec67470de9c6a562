"""Who may enrol a first second factor: never the password alone. The right is granted to
this session by the invitation link (after the password is set there) or by a one-time
enrolment code the secretariat issues; `mfa_setup` refuses to bind a new device without it."""

import time

ENROLMENT_GRANT = "tsunagu_enrolment_grant"
GRANT_SECONDS = 30 * 60


def grant_enrolment(request, user) -> None:
    request.session[ENROLMENT_GRANT] = {"user": user.pk, "at": time.time()}


def enrolment_granted(request, user) -> bool:
    grant = request.session.get(ENROLMENT_GRANT)
    return bool(
        grant and grant.get("user") == user.pk and time.time() - grant["at"] <= GRANT_SECONDS
    )


def clear_enrolment(request) -> None:
    request.session.pop(ENROLMENT_GRANT, None)
