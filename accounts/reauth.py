"""Re-authentication: before an export of personal data, a consent override or a change of
roles, the user proves again that they are themselves (password, and the second factor when
they have one) unless they did so within settings.TSUNAGU_REAUTH_SECONDS.

Decorate the view with `reauth_required` (inside `roles_required`); the user is sent to
`accounts:reauth` and back. Tests mark a client as re-authenticated with
`accounts.tests.factories.reauthenticate(client)`.
"""

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

REAUTH_AT = "tsunagu_reauth_at"


def mark(request) -> None:
    """Record in the session that the user has just re-authenticated."""
    request.session[REAUTH_AT] = time.time()


def is_recent(request) -> bool:
    at = request.session.get(REAUTH_AT)
    return bool(at) and time.time() - float(at) <= settings.TSUNAGU_REAUTH_SECONDS


def reauth_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_recent(request):
            # A POST's data is not kept: the form page itself is guarded too, so the user
            # re-authenticates before filling it in.
            target = request.get_full_path() if request.method == "GET" else request.path
            return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': target})}")
        return view(request, *args, **kwargs)

    return wrapper
