"""Every 403 is an audit entry: who (or, for the anonymous, which address), the path, the
method. A refusal can come from `PermissionDenied` (core/access.py, selectors), a CSRF failure
or a view answering 403 itself; the middleware sees them all on the way out.

Recording never changes the response: a write that fails is logged (with its traceback) and
the 403 page is sent as it was, never a 500. The entry is written in its own savepoint so
that a failure cannot break a transaction around it."""

import logging

from django.db import transaction

from core import audit
from core.models import LocalGovernment
from core.web.client import client_ip

logger = logging.getLogger(__name__)


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _local_government(request, user):
    if user is not None and getattr(user, "local_government_id", None):
        return user.local_government
    candidate = getattr(request, "local_government", None)
    return candidate if isinstance(candidate, LocalGovernment) else None


def record_denied(request) -> None:
    """Write the audit entry of a refused request."""
    user = _user(request)
    ip_address = client_ip(request)
    with transaction.atomic():
        audit.record(
            actor=user,
            actor_name="" if user else (ip_address or "unknown"),
            action=audit.ACCESS_DENIED,
            local_government=_local_government(request, user),
            object_type="path",
            object_label=request.path[:300],
            changes={"path": request.path[:500], "method": request.method, "ip": ip_address},
        )


class AccessDeniedAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                record_denied(request)
            except Exception:  # the 403 page must still be sent; the failure is logged
                logger.exception(
                    "could not audit the refused request %s %s", request.method, request.path
                )
        return response
