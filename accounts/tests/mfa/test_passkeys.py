"""Passkeys through django-otp-webauthn, bound to our sign-in. No real authenticator runs
here: these tests cover who may start a ceremony, what the options say, and that bad data
is refused and counted; a full ceremony needs a browser with a virtual authenticator."""

import json

from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from accounts.enrolment import grant_enrolment
from accounts.tests.factories import failed_signins
from accounts.tests.mfa.helpers import enrol_totp, make_passkey, totp_code
from core.roles import Role

PASSWORD = "correct horse battery staple"


def post_json(client, name, data=None):
    return client.post(reverse(name), data=json.dumps(data or {}), content_type="application/json")


def test_registration_needs_a_signed_in_user(client, city):
    response = post_json(client, "accounts:passkey_register_begin")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_registration_without_a_grant_or_a_verified_session_is_refused(client, city):
    user = city.users[Role.VOLUNTEER]
    client.force_login(user)  # the password alone
    response = post_json(client, "accounts:passkey_register_begin")
    assert response.status_code == 403
    assert response.json()["code"] == "enrolment_not_granted"
    enrol_totp(user)  # enrolled (elsewhere: that ended this session, so sign in again)
    client.force_login(user)  # the password alone: no second factor given in this session
    response = post_json(client, "accounts:passkey_register_begin")
    assert response.status_code == 403 and response.json()["code"] == "user_not_verified"


def test_with_a_grant_registration_offers_the_options_of_this_site(client, city, settings):
    from django.test import RequestFactory

    user = city.users[Role.VOLUNTEER]
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    grant_enrolment(request, user)
    request.session.save()
    response = post_json(client, "accounts:passkey_register_begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {
        "id": settings.OTP_WEBAUTHN_RP_ID,
        "name": settings.OTP_WEBAUTHN_RP_NAME,
    }
    assert options["user"]["name"] == user.username
    assert options["challenge"]


def test_a_verified_user_may_add_a_passkey_and_bad_data_is_refused(client, city):
    user = city.users[Role.SECRETARIAT]
    device = enrol_totp(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    assert post_json(client, "accounts:passkey_register_begin").status_code == 200
    response = post_json(
        client, "accounts:passkey_register_complete", {"id": "bogus", "response": {}}
    )
    assert 400 <= response.status_code < 500
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    # The state was spent: replaying the completion is refused too.
    response = post_json(client, "accounts:passkey_register_complete", {"id": "bogus"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_state"


def test_authentication_needs_the_password_step_first(client, city):
    response = post_json(client, "accounts:passkey_auth_begin")
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"
    response = post_json(client, "accounts:passkey_auth_complete", {"id": "x"})
    assert response.status_code == 403


def test_the_second_step_offers_the_users_passkeys_and_counts_bad_answers(client, city):
    user = city.users[Role.VOLUNTEER]
    enrol_totp(user)
    passkey = make_passkey(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    response = post_json(client, "accounts:passkey_auth_begin")
    assert response.status_code == 200
    options = response.json()
    assert options["rpId"]
    allowed = options["allowCredentials"]
    assert len(allowed) == 1 and allowed[0]["type"] == "public-key"
    assert passkey.credential_id  # the stored one is the one offered
    response = post_json(
        client,
        "accounts:passkey_auth_complete",
        {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}},
    )
    assert 400 <= response.status_code < 500
    assert "_auth_user_id" not in client.session
    assert [e.changes["failures"] for e in failed_signins(user)] == [1]


def test_a_verified_user_needs_the_password_again_to_re_authenticate_with_a_passkey(client, city):
    user = city.users[Role.VOLUNTEER]
    device = enrol_totp(user)
    make_passkey(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device, 1)})
    response = post_json(client, "accounts:passkey_auth_begin")
    assert response.status_code == 403
    client.post(reverse("accounts:reauth"), {"password": PASSWORD, "action": "passkey"})
    assert post_json(client, "accounts:passkey_auth_begin").status_code == 200


def test_an_unverified_session_may_confirm_itself_with_a_passkey(client, city):
    user = city.users[Role.VOLUNTEER]
    enrol_totp(user)
    make_passkey(user)
    client.force_login(user)  # signed in without the second step
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    assert post_json(client, "accounts:passkey_auth_begin").status_code == 200


def test_the_librarys_script_catalogue_loads(client):
    response = client.get(reverse("accounts:passkey_i18n"))
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    text = response.content.decode()
    assert "パスキーを登録する" in text or json.dumps("パスキーを登録する")[1:-1] in text


def test_every_message_of_the_librarys_script_has_japanese():
    import re
    from pathlib import Path

    import django_otp_webauthn

    from accounts.mfa.passkey_messages import JAPANESE

    static = Path(django_otp_webauthn.__file__).parent / "static" / "django_otp_webauthn"
    used = set()
    for script in static.glob("*.js"):
        used |= set(re.findall(r'gettext\("([^"]*)"\)', script.read_text(encoding="utf-8")))
    assert used and used <= set(JAPANESE), sorted(used - set(JAPANESE))
