"""Liveness and readiness (core/web/health.py): what they check, and who sees the details."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.web import health

OUTSIDE = "203.0.113.9"


def test_liveness_answers_without_the_database(client):
    # no `db` fixture: pytest-django refuses any query, so a view that touched the database
    # would fail here
    response = client.get(reverse("portal:live"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


def test_the_old_health_check_still_answers(client, db):
    response = client.get(reverse("portal:healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_readiness_tells_the_public_only_the_status(client, db):
    response = client.get(reverse("portal:ready"), REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_details_on_the_server_itself(client, db):
    response = client.get(reverse("portal:ready"), REMOTE_ADDR="127.0.0.1")
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database:default": "ok",
            "cache:default": "ok",
            "cache:ratelimit": "ok",
            "storage:private": "ok",
        },
    }


def test_a_request_through_a_proxy_on_the_server_gets_no_details(client, db):
    response = client.get(
        reverse("portal:ready"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE
    )
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("role", "details"), [(Role.SYSTEM_ADMIN, True), (Role.SECRETARIAT, False)]
)
def test_only_a_system_admin_sees_the_details_from_outside(client, city, role, details):
    client.force_login(city.users[role])
    response = client.get(reverse("portal:ready"), REMOTE_ADDR=OUTSIDE)
    assert ("checks" in response.json()) is details


def test_a_broken_service_makes_it_unavailable_without_telling_the_public_why(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_table",
        },
    }
    public = client.get(reverse("portal:ready"), REMOTE_ADDR=OUTSIDE)
    assert public.status_code == 503
    assert public.json() == {"status": "unavailable"}
    local = client.get(reverse("portal:ready"), REMOTE_ADDR="127.0.0.1")
    assert local.status_code == 503
    checks = local.json()["checks"]
    assert checks["cache:ratelimit"] != "ok"
    assert checks["database:default"] == "ok"


def test_no_queue_is_checked_when_none_is_configured(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CELERY_BROKER_URL = ""
    assert health.queue_checks() == []


def test_the_database_queue_is_checked_when_django_tasks_uses_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert [type(check) for check in health.queue_checks()] == [health.DatabaseTaskQueue]


def test_an_unreachable_broker_makes_it_unavailable(client, db, settings):
    settings.TSUNAGU_JOBS_ENGINE = "celery"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("portal:ready"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 503
    assert response.json()["checks"]["queue:BrokerQueue"].startswith("Unavailable: broker")


def test_the_broker_is_not_checked_when_the_database_queue_runs_the_jobs(client, db, settings):
    settings.TSUNAGU_JOBS_ENGINE = "tasks"  # `make run`: no Redis needed
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("portal:ready"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert "queue:BrokerQueue" not in response.json()["checks"]
