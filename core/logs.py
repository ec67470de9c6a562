"""The application log: structured lines with a request id on every one, and nothing personal
(docs/adr/0014-logs-health-and-shared-cache.md; docs/deploy.md "Logs").

- Every line is a JSON object (`LOG_FORMAT=json`, the production default) or a readable console
  line (`LOG_FORMAT=console`, the development default), made by structlog for our own loggers
  and for the standard library's (Django's, gunicorn's) alike.
- `RequestLogMiddleware` (django-structlog's, narrowed) gives each request an id, binds it to
  every line logged while the request runs, echoes it in the `X-Request-ID` response header
  and writes ONE line when the response leaves: `request_finished` with `request` (the method
  and the path, never the query string), `code` (the status) and `request_id`. A request id
  sent by a trusted proxy (settings.TSUNAGU_TRUSTED_PROXIES, e.g. nginx's `$request_id`) is
  kept, so the proxy's access log and ours name the same request; anyone else's is ignored.
- A refused request (403, 404, 400 from PermissionDenied, Http404, SuspiciousOperation, a CSRF
  failure) is that one line: `RefusalFilter` drops the lines (and tracebacks) Django writes
  for it on `django.request` and `django.security.*`, and adds the refusal's kind to the
  request's line. A 500 keeps its traceback, on the `request_failed` line.
- Nothing personal: no client address (the audit log keeps addresses, docs/audit.md), no user
  id or name, no user agent, no query string (searches hold names). The personal-data scan
  (core/testing/logscan.py) checks it.
"""

from __future__ import annotations

import logging
import re
import uuid

import structlog
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django_structlog.middlewares.request import RequestMiddleware

from core.web.client import from_trusted_proxy

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (nginx's $request_id is 32 hex digits; a UUID has dashes):
# anything else is replaced, so that a header cannot inject text into the log.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,128}")
FORMATS = ("json", "console")
REFUSALS = (PermissionDenied, Http404, SuspiciousOperation)
# The attribute a logged request carries (RefusalFilter reads it).
_LOGGED = "_tsunagu_request_logged"
_REFUSAL = "_tsunagu_refusal"


def _shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: one handler on stderr in `log_format` ("json" or "console")."""
    if log_format not in FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(FORMATS)}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"refusals": {"()": "core.logs.RefusalFilter"}},
        "formatters": {
            "json": {"()": "core.logs.formatter", "log_format": "json"},
            "console": {"()": "core.logs.formatter", "log_format": "console"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["refusals"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "axes": {"level": "WARNING"},
        },
    }


def formatter(log_format: str) -> logging.Formatter:
    """The formatter of every line, ours (structlog) and the standard library's alike."""
    renderer = (
        [
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ]
        if log_format == "json"
        # plain tracebacks: the default (rich) shows local variables, which may hold personal data
        else [
            structlog.dev.ConsoleRenderer(
                colors=False, exception_formatter=structlog.dev.plain_traceback
            )
        ]
    )
    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
        foreign_pre_chain=_shared_processors(),
    )


def configure_structlog() -> None:
    """Route structlog's loggers through the standard library's (LOGGING's handler formats)."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def request_id_for(request) -> str:
    """The id of this request: the trusted proxy's, when it sent a well-formed one; else new."""
    sent = request.META.get("HTTP_X_REQUEST_ID", "")
    if sent and from_trusted_proxy(request) and REQUEST_ID_PATTERN.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request middleware without the personal fields: the request id (see
    request_id_for), one line per request, the id echoed in the response. First in MIDDLEWARE,
    so that every refusal an inner middleware makes (a bad host, CSRF) is still one line."""

    def __call__(self, request):
        response = super().__call__(request)
        response[REQUEST_ID_HEADER] = request.tsunagu_request_id
        return response

    def prepare(self, request) -> None:
        request.tsunagu_request_id = request_id_for(request)
        setattr(request, _LOGGED, True)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request.tsunagu_request_id)
        structlog.get_logger(__name__).debug(
            "request_started", request=self.format_request(request)
        )

    def process_exception(self, request, exception):
        """Note the kind of a refusal a view raised (Django logs a 404 without it)."""
        if isinstance(exception, REFUSALS):
            setattr(request, _REFUSAL, type(exception).__name__)

    @staticmethod
    def format_request(request) -> str:
        # The path only: a query string may hold a name someone searched for.
        return f"{request.method} {request.path}"

    @staticmethod
    def bind_user_id(request) -> None:
        """No user id in the log: who did what is the audit log's (docs/audit.md)."""

    @classmethod
    def bind_ip(cls, request) -> None:
        """No address in the log: the audit log keeps the addresses it must (docs/audit.md)."""


def _add_refusal(sender, request, logger, response, log_kwargs, **kwargs):
    refusal = getattr(request, _REFUSAL, None)
    if refusal:
        log_kwargs["refusal"] = refusal


def connect_signals() -> None:
    from django_structlog import signals

    signals.bind_extra_request_finished_metadata.connect(
        _add_refusal, dispatch_uid="tsunagu-refusal"
    )


class RefusalFilter(logging.Filter):
    """Drop Django's own lines about a request RequestLogMiddleware logs: a refusal's (with
    its traceback: "Forbidden (Permission denied)", "Not Found", a SuspiciousOperation, a CSRF
    failure), whose kind goes on the request's one line instead, and a 500's, whose traceback
    the request_failed line already carries."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.name == "django.request" or record.name.startswith("django.security")):
            return True
        request = getattr(record, "request", None)
        if request is None or not getattr(request, _LOGGED, False):
            return True
        if getattr(record, "status_code", 500) < 500 and not getattr(request, _REFUSAL, None):
            setattr(request, _REFUSAL, _refusal_kind(record))
        return False


def _refusal_kind(record: logging.LogRecord) -> str | None:
    if record.exc_info and record.exc_info[1] is not None:
        return type(record.exc_info[1]).__name__
    if record.name == "django.security.csrf":
        return "CSRF"
    return None  # the status says it
