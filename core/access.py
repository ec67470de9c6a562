"""Deny by default: every view declares who may call it, and the middleware refuses any view
that declares nothing.

Views are marked with `public` (anyone, including the anonymous public) or
`roles_required(...)` (signed-in users with one of the roles). Finer decisions (which
records) are made by each app's selectors, which take the user.
"""

import functools
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.roles import Role

logger = logging.getLogger(__name__)

ACCESS_ATTR = "tsunagu_access"


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone (published data only)."""
    setattr(view, ACCESS_ATTR, "public")
    return view


def roles_required(*roles: Role) -> Callable[[Callable], Callable]:
    """Allow signed-in users holding one of `roles`; send the anonymous to the login page."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("roles_required needs at least one role")

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not user.is_active or user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, "roles")
        wrapper.allowed_roles = allowed
        return wrapper

    return decorator


def has_role(user, roles: Iterable[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in set(roles))


def is_secretariat_of(user, local_government) -> bool:
    """Whether `user` is a secretariat user of `local_government` (its own body only)."""
    return has_role(user, [Role.SECRETARIAT]) and user.local_government_id == local_government.pk


def require_secretariat_of(user, local_government) -> None:
    """PermissionDenied unless `user` is a secretariat user of `local_government`."""
    if not is_secretariat_of(user, local_government):
        raise PermissionDenied


def declared_access(view_func: Callable) -> str | None:
    access = getattr(view_func, ACCESS_ATTR, None)
    if access is None:
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        access = getattr(view_class, ACCESS_ATTR, None)
    return access


class AccessPolicyMiddleware:
    """Refuse every view that has not declared its access policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if declared_access(view_func) is None:
            logger.error(
                "View %s declares no access policy; refused.",
                getattr(view_func, "__name__", view_func),
            )
            raise PermissionDenied
        return None
