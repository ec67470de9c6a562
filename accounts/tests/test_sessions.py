"""Sessions: an absolute lifetime beside the idle timeout; sign-out everywhere on a password
change or a deactivation."""

import time

from django.test import Client
from django.urls import reverse

from accounts.middleware import SIGNED_IN_AT
from core.roles import Role

PASSWORD = "correct horse battery staple"


def signed_in(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_sign_in_records_its_time(city):
    client = signed_in(city.users[Role.PARTNER])
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


def test_a_session_ends_after_its_absolute_lifetime_however_active(city, settings):
    client = signed_in(city.users[Role.PARTNER])
    assert client.get(reverse("staff:home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.TSUNAGU_SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_the_absolute_lifetime_is_twelve_hours_by_default():
    from config import settings as project_settings

    assert project_settings.TSUNAGU_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def test_a_password_change_signs_out_the_other_sessions(city):
    user = city.users[Role.SECRETARIAT]
    here, elsewhere = signed_in(user), signed_in(user)
    assert elsewhere.get(reverse("staff:home")).status_code == 200
    user.set_password("a new and long enough password")
    user.save()
    response = elsewhere.get(reverse("staff:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert here.get(reverse("staff:home")).status_code == 302  # this one too, unless renewed


def test_a_deactivated_user_is_signed_out_everywhere(city):
    user = city.users[Role.EMPLOYER]
    first, second = signed_in(user), signed_in(user)
    user.is_active = False
    user.save()
    for client in (first, second):
        response = client.get(reverse("staff:home"))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
