"""Re-authentication before exports, overrides and role changes (accounts/reauth.py)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts import reauth
from accounts.mfa import services as mfa
from accounts.tests.factories import UserFactory, failed_signins, reauthenticate
from accounts.tests.mfa.helpers import enrol_totp, fresh_code
from core.models import AuditEntry

PASSWORD = "correct horse battery staple"


@reauth.reauth_required
def _guarded(request):
    return HttpResponse("ok")


@pytest.mark.django_db
class TestReauth:
    def test_a_guarded_view_sends_to_reauth_and_back(self, client):
        user = UserFactory()
        client.force_login(user)
        request = RequestFactory().get("/export/?x=1")
        request.session = client.session
        response = _guarded(request)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        assert "next=%2Fexport%2F%3Fx%3D1" in response["Location"]

    def test_the_password_re_authenticates_and_is_audited(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            reverse("accounts:reauth"), {"password": PASSWORD, "next": "/staff/"}
        )
        assert response.status_code == 302 and response["Location"] == "/staff/"
        assert reauth.REAUTH_AT in client.session
        entry = AuditEntry.objects.get(action="auth.reauth")
        assert entry.actor == user and entry.object_id == str(user.pk)

    def test_a_wrong_password_does_not(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(reverse("accounts:reauth"), {"password": "wrong"})
        assert response.status_code == 200
        assert reauth.REAUTH_AT not in client.session
        assert not AuditEntry.objects.filter(action="auth.reauth").exists()

    def test_with_a_second_factor_the_code_is_needed_too(self, client):
        user = UserFactory()
        device = enrol_totp(user)
        client.force_login(user)
        response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": ""})
        assert response.status_code == 200
        assert reauth.REAUTH_AT not in client.session
        code = fresh_code(device)
        response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": code})
        assert response.status_code == 302
        assert reauth.REAUTH_AT in client.session
        assert AuditEntry.objects.get(action="auth.reauth").changes["mfa"] is True

    def test_a_recovery_code_serves_instead_of_the_app(self, client):
        user = UserFactory()
        enrol_totp(user)
        codes = mfa.recovery_codes_generate(actor=user, user=user)
        client.force_login(user)
        response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": codes[3]})
        assert response.status_code == 302
        assert mfa.recovery_codes_left(user) == 9

    def test_a_wrong_code_counts_as_a_failure(self, client):
        user = UserFactory()
        enrol_totp(user)
        client.force_login(user)
        response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": "000000"})
        assert response.status_code == 200 and reauth.REAUTH_AT not in client.session
        assert [e.changes["failures"] for e in failed_signins(user)] == [1]

    def test_the_passkey_way_checks_the_password_first(self, client):
        from accounts.mfa.passkeys import REAUTH_PASSWORD_AT

        user = UserFactory()
        enrol_totp(user)
        _passkey(user)
        client.force_login(user)
        response = client.post(
            reverse("accounts:reauth"), {"password": "wrong", "action": "passkey"}
        )
        assert REAUTH_PASSWORD_AT not in client.session
        response = client.post(
            reverse("accounts:reauth"), {"password": PASSWORD, "action": "passkey"}
        )
        assert response.status_code == 200
        assert client.session[REAUTH_PASSWORD_AT]["user"] == user.pk
        assert 'id="passkey-verification-placeholder"' in response.content.decode()
        assert reauth.REAUTH_AT not in client.session  # the passkey itself is still to come

    def test_a_recent_mark_lets_the_view_run(self, client):
        user = UserFactory()
        client.force_login(user)
        reauthenticate(client)
        request = RequestFactory().get("/export/")
        request.session = client.session
        assert _guarded(request).status_code == 200


def _passkey(user):
    from accounts.tests.mfa.helpers import make_passkey

    return make_passkey(user)
