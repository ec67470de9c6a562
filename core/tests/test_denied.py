"""Every 403 is an audit entry (core/web/denied.py); the 403 page is unchanged, and a failed
write never turns it into a 500."""

import logging

from django.test import Client
from django.urls import reverse

from core import audit
from core.models import AuditEntry
from core.roles import Role


def test_a_refused_user_is_audited_with_the_path_and_method(client, city):
    user = city.users[Role.DEPARTMENT]
    client.force_login(user)
    response = client.get(reverse("staff:audit_log"), REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in response.content.decode()
    entry = AuditEntry.objects.get(action=audit.ACCESS_DENIED)
    assert entry.actor == user and entry.actor_label == user.username
    assert entry.local_government == user.local_government
    assert entry.object_label == reverse("staff:audit_log")
    assert entry.changes == {
        "path": reverse("staff:audit_log"),
        "method": "GET",
        "ip": "198.51.100.20",
    }


def test_an_anonymous_refusal_names_the_address(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:logout"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert response.status_code == 403  # no CSRF token
    entry = AuditEntry.objects.get(action=audit.ACCESS_DENIED)
    assert entry.actor is None and entry.actor_label == "10.0.0.2"  # no trusted proxy
    assert entry.local_government is None
    assert entry.changes["method"] == "POST"


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(db, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.2"]
    client = Client(enforce_csrf_checks=True)
    client.post(
        reverse("accounts:logout"), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert AuditEntry.objects.get(action=audit.ACCESS_DENIED).actor_label == "203.0.113.10"


def test_a_failed_write_is_logged_and_the_403_page_still_sent(client, city, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record", broken)
    client.force_login(city.users[Role.PARTNER])
    with caplog.at_level(logging.ERROR, logger="core.web.denied"):
        response = client.get(reverse("staff:audit_log"))
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in response.content.decode()
    assert "could not audit the refused request GET" in caplog.text
    assert "the audit table is unavailable" in caplog.text


def test_pages_that_are_not_refused_write_nothing(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    assert client.get(reverse("staff:audit_log")).status_code == 200
    assert not AuditEntry.objects.filter(action=audit.ACCESS_DENIED).exists()
