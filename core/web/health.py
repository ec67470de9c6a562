"""Liveness and readiness for load balancers and orchestrators (django-health-check's checks;
docs/deploy.md "Health checks", docs/adr/0014-logs-health-and-shared-cache.md).

- `/healthz/live`: the process answers; touches nothing else (no database), so a restart is
  asked only when the process itself is stuck.
- `/healthz/ready`: the database, each cache, the private file storage and, when one is
  configured, the job queue answer; 200 when all do, 503 otherwise (take the server out of
  the pool, do not restart it).
- `/healthz` (the old one, kept for the load balancers that use it): the database answers.

Readiness tells the public only `ok` or `unavailable`: the names of the failing services and
their errors (which may name hosts and ports) go to system admins and to a request made on
the server itself (from a loopback address, through no proxy: no X-Forwarded-For), e.g.
`curl http://127.0.0.1:8000/healthz/ready` on the host.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import ipaddress

import structlog
from asgiref.sync import async_to_sync
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from health_check import Cache, Database, HealthCheck, Storage
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from core.access import has_role, public
from core.roles import Role

logger = structlog.get_logger(__name__)
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
DB_TASK_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclasses.dataclass
class DatabaseTaskQueue(HealthCheck):
    """The database queue of django-tasks (django-tasks-db) can be read."""

    def run(self):
        try:
            model = apps.get_model("django_tasks_db", "DBTaskResult")
            model.objects.only("pk").first()
        except LookupError as error:
            raise ServiceUnavailable("django_tasks_db is not installed") from error
        except Exception as error:
            raise ServiceUnavailable(type(error).__name__) from error


@dataclasses.dataclass
class BrokerQueue(HealthCheck):
    """The Celery broker (Redis or RabbitMQ) accepts a connection."""

    url: str = dataclasses.field(default="", repr=False)
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self):
        from kombu import Connection

        try:
            with Connection(self.url, connect_timeout=self.timeout.total_seconds()) as connection:
                connection.ensure_connection(max_retries=0)  # one try, no retry
        except Exception as error:
            raise ServiceUnavailable(f"broker unreachable ({type(error).__name__})") from error


def queue_checks() -> list[HealthCheck]:
    """The queue's checks, read from the settings another part configures (docs/jobs.md): the
    database queue when django-tasks uses it, the broker when Celery is the engine and has one. None when
    neither is configured (the jobs then run in the request, with nothing to check)."""
    checks: list[HealthCheck] = []
    backends = {
        str(options.get("BACKEND", "")) for options in getattr(settings, "TASKS", {}).values()
    }
    if any(backend.startswith("django_tasks_db") for backend in backends):
        checks.append(DatabaseTaskQueue())
    broker = getattr(settings, "CELERY_BROKER_URL", "")
    if broker and getattr(settings, "TSUNAGU_JOBS_ENGINE", "celery") == "celery":
        checks.append(BrokerQueue(url=broker))
    return checks


def readiness_checks() -> dict[str, HealthCheck]:
    checks: dict[str, HealthCheck] = {
        f"database:{alias}": Database(alias=alias) for alias in settings.DATABASES
    }
    checks.update({f"cache:{alias}": Cache(alias=alias) for alias in settings.CACHES})
    checks["storage:private"] = Storage(alias="private")
    for check in queue_checks():
        checks[f"queue:{type(check).__name__}"] = check
    return checks


def _run(name: str, check: HealthCheck) -> str | None:
    """None when the check passes, else its message (logged with the check's name)."""
    try:
        # In a savepoint: a check's failed query must not abort the others' (PostgreSQL refuses
        # every statement after an error until the transaction ends).
        with transaction.atomic():
            if inspect.iscoroutinefunction(check.run):
                async_to_sync(check.run)()
            else:
                check.run()
    except HealthCheckException as error:
        logger.warning("readiness_check_failed", check=name, error=str(error))
        return str(error)
    except Exception:
        logger.exception("readiness_check_crashed", check=name)
        return "unknown error"
    return None


def may_see_details(request) -> bool:
    """System admins, and a request made on the server itself through no proxy."""
    if has_role(request.user, [Role.SYSTEM_ADMIN]):
        return True
    try:
        remote = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return remote.is_loopback and not any(request.META.get(header) for header in PROXY_HEADERS)


def _no_store(response):
    add_never_cache_headers(response)
    return response


@public
@require_GET
def live(request):
    return _no_store(HttpResponse("ok", content_type="text/plain"))


@public
@require_GET
def ready(request):
    results = {name: _run(name, check) for name, check in readiness_checks().items()}
    healthy = not any(results.values())
    body: dict = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        body["checks"] = {name: error or "ok" for name, error in results.items()}
    return _no_store(JsonResponse(body, status=200 if healthy else 503))
