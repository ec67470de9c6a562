"""Sign-in: argon2 hashes, throttled failures, idle sessions end, an audit entry per login."""

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from accounts.models import User
from core import audit
from core.roles import Role
from core.testing.audit import assert_audited

PASSWORD = "correct horse battery staple"


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_passwords_are_hashed_with_argon2_in_production_settings(db, settings):
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # undo the suite's fast hasher
    user = User.objects.create_user("hashme", password=PASSWORD, role=Role.SYSTEM_ADMIN)
    assert identify_hasher(user.password).algorithm == "argon2"


def test_a_user_signs_in_and_lands_on_their_home(client, city):
    user = city.users[Role.DEPARTMENT]
    response = login(client, user.username)
    assert response.status_code == 302 and response.headers["Location"] == reverse("staff:home")
    assert_audited(
        action="auth.login", actor=user, obj=user, changes={"ip": "127.0.0.1", "mfa": False}
    )


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, city):
    response = login(client, city.users[Role.DEPARTMENT].username, "wrong password")
    assert response.status_code == 200
    assert "ユーザー名またはパスワードが違います。" in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1  # counted once, not by the signal and the service
    assert "wrong password" not in attempt.post_data
    user = city.users[Role.DEPARTMENT]
    assert_audited(
        action=audit.LOGIN_FAILED,
        actor=None,
        actor_label="127.0.0.1",  # nobody signed in: the address
        obj=user,
        changes={
            "username": user.username,
            "ip": "127.0.0.1",
            "path": reverse("accounts:login"),
            "failures": 1,
        },
    )


def test_failures_lock_the_name_even_against_the_right_password(client, city, settings):
    username = city.users[Role.DEPARTMENT].username
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, username, "wrong password")
    response = login(client, username)
    assert response.status_code == 200
    assert "しばらくログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_name_and_address(client, city, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, city.users[Role.DEPARTMENT].username, "wrong password")
    assert login(client, city.users[Role.PARTNER].username).status_code == 302


def test_many_failures_from_one_address_lock_the_address(client, city, settings):
    settings.LOGIN_FAILURE_IP_LIMIT = 3
    for name in ("a", "b", "c"):
        login(client, name, "wrong password")
    assert login(client, city.users[Role.PARTNER].username).status_code == 200


def test_old_failures_do_not_count(client, city, settings):
    from datetime import timedelta

    from django.utils import timezone

    username = city.users[Role.DEPARTMENT].username
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, username, "wrong password")
    # The window passes: axes forgets the attempts (their expiry is a window after the last).
    past = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - past)
    AccessAttemptExpiration.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    login(client, username, "wrong password")  # one recent failure: below the limit
    assert login(client, username).status_code == 302


def test_an_inactive_user_cannot_sign_in(client, city):
    user = city.users[Role.PARTNER]
    user.is_active = False
    user.save()
    assert login(client, user.username).status_code == 200


def test_the_next_parameter_only_goes_to_this_site(client, city):
    user = city.users[Role.SECRETARIAT]
    response = login(client, user.username, next="https://evil.example/")
    assert response.headers["Location"] == reverse("staff:home")
    client.logout()
    response = login(client, user.username, next=reverse("staff:audit_log"))
    assert response.headers["Location"] == reverse("staff:audit_log")


def test_sessions_end_when_idle():
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_idle_session_is_signed_out(client, city):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(city.users[Role.SECRETARIAT])
    assert client.get(reverse("staff:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response.headers["Location"]


def test_logout_needs_a_post(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("staff:home")).status_code == 302


@pytest.mark.parametrize("field", ["role", "organization"])
def test_a_user_needs_a_role_and_an_organization(db, field):
    from django.core.exceptions import ValidationError

    user = User(username="x", role="" if field == "role" else Role.PARTNER, organization=None)
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert field in caught.value.message_dict
