"""Sign-in throttling on django-axes (accounts/throttle.py, ADR 0008): the user name and the
address together, progressive delays, the per-address limit, the client address behind a
trusted proxy, the audit entries and the notice to an attacked account's people."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from accounts.tests.factories import UserFactory
from core import audit
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited

PASSWORD = "correct horse battery staple"
A = "203.0.113.10"  # the stranger
B = "198.51.100.20"  # the real user
PROXY = "10.0.0.2"


def login(client, username, password=PASSWORD, *, ip=A, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == reverse("staff:home")


def locked(response) -> bool:
    return response.status_code == 200 and "しばらくログインできません" in response.content.decode()


def pass_time(seconds: int) -> None:
    """Move every remembered attempt `seconds` into the past, as if that much time passed."""
    delta = timedelta(seconds=seconds)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - delta
        )
    for expiration in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=expiration.pk).update(
            expires_at=expiration.expires_at - delta
        )


@pytest.fixture
def housing(city):
    user = city.users[Role.HOUSING_PROVIDER]
    user.email = "housing@example.invalid"
    user.save()
    return user


# --- the user name and the address together -----------------------------------------------


def test_a_stranger_cannot_keep_a_known_name_locked_for_its_real_user(client, housing):
    for _attempt in range(20):
        login(client, housing.username, "guess", ip=A)
    assert locked(login(client, housing.username, ip=A))  # the stranger's address is locked
    assert signed_in(login(client, housing.username, ip=B))  # the real user is not


def test_the_stranger_s_address_still_signs_in_other_names(client, city, housing):
    for _attempt in range(20):
        login(client, housing.username, "guess", ip=A)
    assert signed_in(login(client, city.users[Role.PARTNER].username, ip=A))


def test_spelling_the_name_differently_shares_the_counter(client, housing, settings):
    variants = [housing.username, f" {housing.username} ", housing.username.upper()]
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, variants[number % len(variants)], "guess")
    assert locked(login(client, housing.username))
    assert AccessAttempt.objects.get().username == housing.username.lower()


def test_one_address_spraying_many_names_is_refused(client, city, settings):
    settings.LOGIN_FAILURE_IP_LIMIT = 6
    for number in range(6):
        login(client, f"nobody{number}", "guess", ip=A)
    assert locked(login(client, city.users[Role.PARTNER].username, ip=A))
    assert signed_in(login(client, city.users[Role.PARTNER].username, ip=B))


def test_a_success_clears_the_failures_of_its_name_and_address(client, housing, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, housing.username, "typo", ip=B)
    assert signed_in(login(client, housing.username, ip=B))
    assert not AccessAttempt.objects.filter(ip_address=B).exists()


# --- progressive delays ------------------------------------------------------------------


def test_the_delay_doubles_from_a_minute_up_to_an_hour(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    seconds = [throttle.delay_after(n).total_seconds() for n in range(4, 14)]
    assert seconds == [0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert throttle.delay_after(10**9) == timedelta(hours=1)


def test_each_failure_after_a_lock_out_locks_longer(client, housing, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess")
    assert locked(login(client, housing.username))
    pass_time(61)  # the first delay (a minute) is over
    assert AccessAttempt.objects.exists()  # … and the failures are still remembered
    login(client, housing.username, "guess")  # one more failure: two minutes
    pass_time(61)
    assert locked(login(client, housing.username))
    pass_time(60)
    assert signed_in(login(client, housing.username))


def test_failures_are_forgotten_a_window_after_the_delay(client, housing, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess")
    pass_time(60 + settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    login(client, housing.username, "guess")  # counts from one again
    assert AccessAttempt.objects.get().failures_since_start == 1
    assert signed_in(login(client, housing.username))


def test_the_counters_are_in_the_database_for_every_process(client, housing, settings):
    from axes.handlers.proxy import AxesProxyHandler
    from django.test import Client

    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess")
    # Another worker: a new handler object, a new client with no cookies; only the database
    # is shared, and it holds the count.
    AxesProxyHandler.get_implementation(force=True)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert AccessAttempt.objects.get().failures_since_start == settings.LOGIN_FAILURE_LIMIT
    assert locked(login(Client(), housing.username))


# --- the client address: no proxy, a trusted proxy, a forged header ------------------------


def test_without_a_proxy_a_forged_header_does_not_change_who_is_throttled(
    client, housing, settings
):
    settings.TSUNAGU_TRUSTED_PROXIES = []
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess", ip=A, forwarded=f"192.0.2.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {A}
    assert locked(login(client, housing.username, ip=A, forwarded=B))


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(client, housing, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = [PROXY]
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess", ip=PROXY, forwarded=A)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {A}
    assert locked(login(client, housing.username, ip=PROXY, forwarded=A))
    # Everybody else behind the same proxy still signs in.
    assert signed_in(login(client, housing.username, ip=PROXY, forwarded=B))


def test_behind_a_trusted_proxy_a_forged_left_hop_is_ignored(client, housing, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = [PROXY]
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        # The client sent "X-Forwarded-For: 192.0.2.n"; the proxy appended the real address.
        login(client, housing.username, "guess", ip=PROXY, forwarded=f"192.0.2.{number}, {A}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {A}
    assert locked(login(client, housing.username, ip=PROXY, forwarded=f"{B}, {A}"))


def test_a_client_that_is_not_a_proxy_cannot_pose_as_one(client, housing, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = [PROXY]
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess", ip=A, forwarded=f"192.0.2.{number}")
    assert locked(login(client, housing.username, ip=A, forwarded=B))


# --- audit entries ---------------------------------------------------------------------------


def test_a_failed_sign_in_is_audited_with_the_name_and_address_never_the_password(client, housing):
    login(client, housing.username, "my secret guess", ip=A)
    entry = AuditEntry.objects.get(action=audit.LOGIN_FAILED)
    assert entry.actor is None and entry.actor_label == A
    assert entry.local_government == housing.local_government
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(housing.pk))
    assert entry.changes == {
        "username": housing.username,
        "ip": A,
        "path": reverse("accounts:login"),
        "failures": 1,
    }
    assert "my secret guess" not in str(list(AuditEntry.objects.values()))
    assert "my secret guess" not in str(list(AccessAttempt.objects.values()))


def test_a_failure_for_an_unknown_name_is_audited_without_a_body(client, city):
    login(client, "no-such-user", "guess", ip=A)
    entry = AuditEntry.objects.get(action=audit.LOGIN_FAILED)
    assert entry.local_government is None
    assert (entry.object_type, entry.object_label) == ("accounts.user", "no-such-user")
    assert entry.changes["username"] == "no-such-user"


def test_a_lock_out_is_audited_with_its_delay(client, housing, settings):
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, housing.username, "guess", ip=A)
    entry = AuditEntry.objects.get(action=audit.LOCKED_OUT)
    assert entry.actor_label == A and entry.object_id == str(housing.pk)
    assert entry.local_government == housing.local_government
    assert entry.changes == {
        "username": housing.username,
        "ip": A,
        "failures": settings.LOGIN_FAILURE_LIMIT,
        "scope": "username_address",
        "seconds": 60,
    }
    # Refused attempts during the lock are not counted (they would lengthen it forever).
    login(client, housing.username, "guess", ip=A)
    assert_audited(
        action=audit.LOGIN_FAILED,
        actor=None,
        actor_label=A,
        obj=housing,
        count=settings.LOGIN_FAILURE_LIMIT,
        changes_include={"username": housing.username, "ip": A},
        each=True,
    )


def test_an_address_lock_out_is_audited(client, city, settings):
    settings.LOGIN_FAILURE_IP_LIMIT = 3
    for number in range(3):
        login(client, f"nobody{number}", "guess", ip=A)
    entry = AuditEntry.objects.get(action=audit.LOCKED_OUT)
    assert entry.changes["scope"] == "address" and entry.changes["ip"] == A


def test_a_failed_re_authentication_is_audited_with_the_signed_in_user(client, city):
    user = city.users[Role.SECRETARIAT]
    client.force_login(user)
    client.post(reverse("accounts:reauth"), {"password": "wrong"}, REMOTE_ADDR=B)
    entry = AuditEntry.objects.get(action=audit.LOGIN_FAILED)
    assert entry.actor == user and entry.actor_label == user.username
    assert entry.changes["ip"] == B and entry.changes["path"] == reverse("accounts:reauth")


# --- the notice to an attacked account's people ---------------------------------------------


def secretariat_with_email(city):
    secretariat = city.users[Role.SECRETARIAT]
    secretariat.email = "jimukyoku@example.invalid"
    secretariat.save()
    return secretariat


def test_a_lock_out_tells_the_owner_and_the_secretariat_once_a_day(
    client, city, housing, settings, django_capture_on_commit_callbacks
):
    secretariat_with_email(city)
    UserFactory(
        role=Role.SECRETARIAT,
        organization=city.users[Role.SECRETARIAT].organization,
        email="former@example.invalid",
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
            login(client, housing.username, "guess", ip=A)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["housing@example.invalid", "jimukyoku@example.invalid"]
    assert housing.username in message.subject
    assert A in message.body and "事務局に連絡" in message.body
    entry = AuditEntry.objects.get(action="auth.attack_notice")
    assert entry.object_id == str(housing.pk)
    assert entry.local_government == housing.local_government
    assert entry.changes == {"recipients": 2, "ip": A, "addresses": 1, "locked": True}
    # A second lock-out the same day sends nothing more.
    pass_time(61)
    with django_capture_on_commit_callbacks(execute=True):
        login(client, housing.username, "guess", ip=A)
    assert_audited(
        action=audit.LOCKED_OUT,
        actor=None,
        actor_label=A,
        obj=housing,
        count=2,
        changes_include={"username": housing.username, "ip": A, "scope": "username_address"},
        each=True,
    )
    assert len(mail.outbox) == 1


def test_failures_from_several_addresses_tell_the_account_s_people(
    client, city, housing, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_ATTACK_ADDRESSES = 3
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            login(client, housing.username, "guess", ip=f"192.0.2.{number}")
        assert mail.outbox == []
        login(client, housing.username, "guess", ip="192.0.2.9")
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.get(action="auth.attack_notice").changes["addresses"] == 3


def test_nobody_is_told_about_a_name_that_is_no_account(
    client, city, settings, django_capture_on_commit_callbacks
):
    secretariat_with_email(city)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
            login(client, "no-such-user", "guess")
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="auth.attack_notice").exists()


def test_an_attacked_system_admin_s_notice_goes_to_the_system_admins(
    client, city, django_capture_on_commit_callbacks, settings
):
    admin = city.users[Role.SYSTEM_ADMIN]
    UserFactory(role=Role.SYSTEM_ADMIN, organization=None, email="ops@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
            login(client, admin.username, "guess")
    assert mail.outbox[0].to == ["ops@example.invalid"]
    assert AuditEntry.objects.get(action="auth.attack_notice").local_government is None


def test_the_attempts_expire(client, housing):
    login(client, housing.username, "guess")
    expiration = AccessAttemptExpiration.objects.get()
    assert expiration.expires_at > timezone.now()


def test_a_mail_server_that_fails_is_logged_not_raised(monkeypatch, caplog):
    from accounts import attack_notice

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(attack_notice, "send_mail", broken)
    attack_notice._send("subject", "body", ["someone@example.invalid"])
    assert "could not send the notice of an attacked account to 1 people" in caplog.text
