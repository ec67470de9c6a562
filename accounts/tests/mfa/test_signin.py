"""Signing in with a second factor: the code step, recovery codes, MFA for every role."""

import pytest
from django.urls import reverse

from accounts.mfa import services as mfa
from accounts.mfa.signin import MFA_PENDING
from accounts.tests.factories import failed_signins
from accounts.tests.mfa.helpers import enrol_totp, totp_code
from core.models import AuditEntry
from core.roles import Role

PASSWORD = "correct horse battery staple"


def password_step(client, user, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD, **extra}
    )


def test_an_enrolled_user_needs_the_code_after_the_password(client, city):
    user = city.users[Role.DEPARTMENT]
    device = enrol_totp(user)
    response = password_step(client, user)
    assert response.headers["Location"] == reverse("accounts:mfa_verify")
    assert client.get(reverse("staff:home")).status_code == 302  # not signed in yet
    response = client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200
    assert AuditEntry.objects.get(action="auth.login").changes["mfa"] is True


def test_the_second_step_keeps_the_next_page(client, city):
    user = city.users[Role.SECRETARIAT]
    device = enrol_totp(user)
    password_step(client, user, next=reverse("staff:audit_log"))
    response = client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("staff:audit_log")


def test_a_recovery_code_signs_in_once(client, city):
    user = city.users[Role.VOLUNTEER]
    enrol_totp(user)
    codes = mfa.recovery_codes_generate(actor=user, user=user)
    password_step(client, user)
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.headers["Location"] == reverse("staff:home")
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200 and "確認コードが違います" in response.content.decode()


def test_a_wrong_code_is_refused_and_counts_as_a_failure(client, city, settings):
    user = city.users[Role.DEPARTMENT]
    enrol_totp(user)
    password_step(client, user)
    response = client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "確認コードが違います" in response.content.decode()
    assert [e.changes["failures"] for e in failed_signins(user)] == [1]
    response = client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert "少し待っています" in response.content.decode()  # django-otp's growing delay
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    response = client.post(reverse("accounts:mfa_verify"), {"code": "123456"})
    assert "しばらくログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_second_step_expires(client, city):
    user = city.users[Role.DEPARTMENT]
    device = enrol_totp(user)
    password_step(client, user)
    session = client.session
    session[MFA_PENDING]["at"] -= 10 * 60
    session.save()
    response = client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("accounts:login")


def test_a_user_deactivated_between_the_steps_is_not_signed_in(client, city):
    user = city.users[Role.DEPARTMENT]
    device = enrol_totp(user)
    password_step(client, user)
    user.is_active = False
    user.save()
    response = client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_the_second_step_offers_a_passkey_without_inline_script(client, city):
    from accounts.tests.mfa.helpers import make_passkey

    user = city.users[Role.VOLUNTEER]
    enrol_totp(user)
    make_passkey(user)
    password_step(client, user)
    page = client.get(reverse("accounts:mfa_verify")).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    assert 'id="otp_webauthn_config" hidden' in page
    assert reverse("accounts:passkey_auth_begin") in page  # in the configuration
    for chunk in page.split("<script")[1:]:
        assert ' src="' in chunk.split(">", 1)[0], "an inline script"


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.mark.parametrize("role", [role for role in Role.values])
def test_when_required_every_role_is_sent_to_the_second_factor(client, city, mfa_required, role):
    user = city.users[role]
    client.force_login(user)
    response = client.get(reverse("staff:home"))
    assert response.headers["Location"] == reverse("accounts:mfa_setup")


def test_when_required_an_enrolled_user_confirms_the_session(client, city, mfa_required):
    user = city.users[Role.EMPLOYER]
    device = enrol_totp(user)
    client.force_login(user)  # a session that skipped the second step
    response = client.get(reverse("accounts:mfa_setup"))
    assert "二要素認証の確認" in response.content.decode()
    response = client.post(reverse("accounts:mfa_setup"), {"code": totp_code(device, 1)})
    assert response.headers["Location"] == reverse("staff:home")
    assert client.get(reverse("staff:home")).status_code == 200


def test_when_required_public_pages_stay_open(client, city, mfa_required):
    client.force_login(city.users[Role.EMPLOYER])
    assert client.get(reverse("plans:overview", kwargs={"lg": "testcity"})).status_code == 302
    client.logout()
    assert client.get(reverse("plans:overview", kwargs={"lg": "testcity"})).status_code == 200
