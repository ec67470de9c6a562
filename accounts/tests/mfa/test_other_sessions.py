"""A change of a user's second factor (an app or a passkey added or removed, new recovery
codes, a reset by the secretariat) ends every other session of the user (ASVS V7.4.3): the
user's security stamp is part of the session hash. The acting user's own session stays."""

from django.test import Client
from django.urls import reverse
from django.utils.crypto import salted_hmac

from accounts.mfa import services as mfa
from accounts.models import User
from accounts.tests.factories import reauthenticate
from accounts.tests.mfa.helpers import enrol_totp, make_passkey
from core.roles import Role

HOME = "staff:home"


def signed_in(user, *, reauthenticated: bool = False) -> Client:
    client = Client()
    client.force_login(user)
    if reauthenticated:
        reauthenticate(client)
    assert client.get(reverse(HOME)).status_code == 200
    return client


def is_signed_out(client) -> bool:
    response = client.get(reverse(HOME))
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_empty_stamp_keeps_djangos_hash_and_a_new_stamp_changes_it(city):
    user = city.users[Role.VOLUNTEER]
    assert user.security_stamp == ""  # sessions from before the stamp keep working
    djangos = salted_hmac(
        "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        user.password,
        algorithm="sha256",
    ).hexdigest()
    assert user.get_session_auth_hash() == djangos
    before = user.get_session_auth_hash()
    user.security_stamp_rotate()
    assert user.get_session_auth_hash() != before
    stored = User.objects.get(pk=user.pk)
    assert stored.security_stamp == user.security_stamp and len(user.security_stamp) == 32
    assert stored.get_session_auth_hash() == user.get_session_auth_hash()
    again = user.get_session_auth_hash()
    user.security_stamp_rotate()
    assert user.get_session_auth_hash() != again


def test_enrolling_an_app_or_a_passkey_ends_the_other_sessions(city):
    user = city.users[Role.PARTNER]
    first = signed_in(user)
    enrol_totp(user)
    assert is_signed_out(first)
    second = signed_in(user)
    mfa.passkey_registered(user=user, device=make_passkey(user))
    assert is_signed_out(second)


def test_new_recovery_codes_end_the_other_sessions_but_not_this_one(city):
    user = city.users[Role.DEPARTMENT]
    enrol_totp(user)
    here, elsewhere = signed_in(user, reauthenticated=True), signed_in(user)
    response = here.post(reverse("accounts:mfa_recovery_codes"))
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert here.get(reverse(HOME)).status_code == 200
    assert is_signed_out(elsewhere)


def test_removing_a_passkey_ends_the_other_sessions_but_not_this_one(city):
    user = city.users[Role.VOLUNTEER]
    enrol_totp(user)
    passkey = make_passkey(user)
    here, elsewhere = signed_in(user, reauthenticated=True), signed_in(user)
    url = reverse("accounts:mfa_passkey_remove", kwargs={"pk": passkey.pk})
    assert here.post(url).headers["Location"] == reverse("accounts:mfa_setup")
    assert not mfa.passkeys(user).exists()
    assert here.get(reverse(HOME)).status_code == 200
    assert is_signed_out(elsewhere)


def test_a_reset_by_the_secretariat_ends_the_users_sessions(city):
    secretariat, user = city.users[Role.SECRETARIAT], city.users[Role.EMPLOYER]
    enrol_totp(user)
    users_session, secretariats = signed_in(user), signed_in(secretariat)
    secretariats.post(reverse("staff:user_mfa", kwargs={"pk": user.pk}), {"action": "reset"})
    assert not mfa.has_second_factor(user)
    assert is_signed_out(users_session)
    assert secretariats.get(reverse(HOME)).status_code == 200


def test_a_secretariat_resetting_their_own_factor_stays_signed_in_here_only(city):
    secretariat = city.users[Role.SECRETARIAT]
    enrol_totp(secretariat)
    here, elsewhere = signed_in(secretariat), signed_in(secretariat)
    here.post(reverse("staff:user_mfa", kwargs={"pk": secretariat.pk}), {"action": "reset"})
    assert not mfa.has_second_factor(secretariat)
    assert here.get(reverse(HOME)).status_code == 200
    assert is_signed_out(elsewhere)


def test_a_change_that_changes_nothing_ends_nothing(city):
    user = city.users[Role.HOUSING_PROVIDER]
    client = signed_in(user)
    mfa.reset(actor=city.users[Role.SECRETARIAT], user=user)  # nothing to reset
    assert not mfa.passkey_remove(actor=user, user=user, pk=999999)
    assert client.get(reverse(HOME)).status_code == 200


def test_enrolling_on_the_page_keeps_this_session_and_ends_the_others(city):
    from accounts.tests.mfa.helpers import totp_code
    from accounts.tests.mfa.test_enrolment import grant

    user = city.users[Role.VOLUNTEER]
    here, elsewhere = signed_in(user), signed_in(user)
    grant(here, user)
    here.get(reverse("accounts:mfa_setup"))
    device = mfa.totp_device(user, confirmed=False)
    response = here.post(reverse("accounts:mfa_setup"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert mfa.has_second_factor(user)
    assert here.get(reverse(HOME)).status_code == 200
    assert is_signed_out(elsewhere)
