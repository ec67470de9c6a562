"""Two-factor sign-in with an authenticator app."""

import time

import pyotp
import pytest
from django.urls import reverse

from accounts import mfa
from accounts.models import TOTPDevice
from core.models import AuditEntry
from core.roles import Role

PASSWORD = "correct horse battery staple"


def enrol(user):
    device = TOTPDevice.objects.create(user=user, secret=pyotp.random_base32())
    assert mfa.confirm_enrollment(user=user, device=device, code=pyotp.TOTP(device.secret).now())
    device.refresh_from_db()
    return device


def code_for(device, offset_steps=0):
    return pyotp.TOTP(device.secret).at(time.time() + offset_steps * mfa.STEP_SECONDS)


def test_an_enrolled_user_needs_the_code_after_the_password(client, city):
    user = city.users[Role.DEPARTMENT]
    device = enrol(user)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.headers["Location"] == reverse("accounts:mfa_verify")
    assert client.get(reverse("staff:home")).status_code == 302  # not signed in yet
    response = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device, 1)})
    assert response.headers["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200
    assert AuditEntry.objects.get(action="auth.login").changes["mfa"] is True


def test_a_wrong_code_is_refused_and_counts_as_a_failure(client, city, settings):
    user = city.users[Role.DEPARTMENT]
    enrol(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "確認コードが違います" in response.content.decode()
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    response = client.post(reverse("accounts:mfa_verify"), {"code": "123456"})
    assert "しばらくログインできません" in response.content.decode()


def test_a_code_cannot_be_used_twice(city):
    device = enrol(city.users[Role.PARTNER])
    code = code_for(device, 1)
    assert mfa.verify(device, code)
    assert not mfa.verify(device, code)


def test_full_width_digits_are_accepted(city):
    device = enrol(city.users[Role.PARTNER])
    code = code_for(device, 1)
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert mfa.verify(device, full_width[:3] + "　" + full_width[3:])


def test_a_code_from_far_in_the_past_is_refused(city):
    device = enrol(city.users[Role.PARTNER])
    assert not mfa.verify(device, code_for(device, -10))


def test_the_second_step_expires(client, city):
    user = city.users[Role.DEPARTMENT]
    device = enrol(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    session = client.session
    session["tsunagu_mfa_pending"]["at"] -= 10 * 60
    session.save()
    response = client.post(reverse("accounts:mfa_verify"), {"code": code_for(device, 1)})
    assert response.headers["Location"] == reverse("accounts:login")


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, city):
    user = city.users[Role.SECRETARIAT]
    client.force_login(user)
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert "<svg" in page and "手入力する場合の文字列" in page
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed_at is None
    assert AuditEntry.objects.filter(action="auth.mfa_start", actor=user).count() == 1
    client.get(reverse("accounts:mfa_setup"))  # a second visit reuses the pending device
    assert TOTPDevice.objects.filter(user=user).count() == 1
    response = client.post(reverse("accounts:mfa_setup"), {"code": "999999"})
    assert "確認コードが違います" in response.content.decode()
    response = client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed_at is not None
    assert AuditEntry.objects.filter(action="auth.mfa_enroll", actor=user).exists()


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def test_when_required_a_user_without_it_is_sent_to_set_it_up(client, city, mfa_required):
    user = city.users[Role.EMPLOYER]
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = client.get(reverse("staff:home"))
    assert response.headers["Location"] == reverse("accounts:mfa_setup")
    assert client.get(reverse("accounts:mfa_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(device.secret).now()})
    assert client.get(reverse("staff:home")).status_code == 200


def test_when_required_public_pages_stay_open(client, city, mfa_required):
    client.force_login(city.users[Role.EMPLOYER])
    assert client.get(reverse("plans:overview", kwargs={"lg": "testcity"})).status_code == 302
    client.logout()
    assert client.get(reverse("plans:overview", kwargs={"lg": "testcity"})).status_code == 200


def test_reset_removes_the_device_and_is_audited(city):
    from django.core.management import call_command

    user = city.users[Role.PARTNER]
    enrol(user)
    call_command("reset_mfa", user.username)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="auth.mfa_reset").exists()
