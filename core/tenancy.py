"""How a request selects its local government (see docs/adr/0002-tenancy.md).

Public pages carry the local government's slug in the path (/kumamoto/plan/); staff pages
use the local government of the signed-in user's organization.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.models import LocalGovernment

# Path prefixes that can never be a local government's slug.
RESERVED_SLUGS = frozenset(
    {"accounts", "staff", "api", "static", "media", "healthz", "admin", "opendata", "robots.txt"}
)


def local_government_from_slug(request, slug: str) -> LocalGovernment:
    """Return the local government named in a public URL (and remember it on the request)."""
    known = getattr(request, "local_government", None)
    if known is not None and known.slug == slug:
        return known
    local_government = LocalGovernment.objects.filter(slug=slug).first()
    if local_government is None:
        raise Http404("no such local government")
    request.local_government = local_government
    return local_government


def staff_local_government(request) -> LocalGovernment:
    """Return the local government a staff user works for; system admins have none."""
    local_government = request.user.local_government
    if local_government is None:
        raise PermissionDenied
    request.local_government = local_government
    return local_government
