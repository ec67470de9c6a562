"""No dead ends: the help the directory adds to the error pages of a local government's public
pages (/<lg>/…): the crisis lines, the general windows and the need buttons. Registered with
core.web.errors in DirectoryConfig.ready(); core.web.errors leaves it out if it fails (a broken
database), and the 500 page shows 110 / 119 on its own."""

from __future__ import annotations

from django.template.loader import render_to_string

from core.models import LocalGovernment
from core.tenancy import RESERVED_SLUGS
from directory import selectors
from directory.crisis import terms as crisis
from directory.portal.views import Display


def _local_government(path: str) -> LocalGovernment | None:
    """The local government whose public pages `path` is under, or None."""
    slug = path.strip("/").split("/", 1)[0]
    if not slug or slug in RESERVED_SLUGS:
        return None
    return LocalGovernment.objects.filter(slug=slug).first()


def error_help(request, *, status: int) -> str:
    """The crisis lines, the general windows and the need buttons, as HTML, for an error page
    under a local government's public pages; "" elsewhere (staff pages, the API, /)."""
    local_government = _local_government(request.path)
    if local_government is None:
        return ""
    return render_to_string(
        "directory/_error_help.html",
        {
            "local_government": local_government,
            "display": Display.from_request(request),
            "crisis_lines": crisis.crisis_lines(local_government),
            "general_windows": crisis.general_windows(local_government),
            "needs": list(selectors.need_terms(local_government)),
            # the 500 page shows 110 / 119 itself, whatever the database does
            "emergency": status != 500,
        },
    )
