"""URLs of support coordination: cases (mounted under /staff/support/).

PLACEHOLDER from the support branch (drop at merge: the cases part defines `index`): the case
pages' template links to cases:index, so the support pages need the name to render."""

from django.shortcuts import redirect

from coordination.access import CASE_ROLES
from core.access import roles_required

app_name = "cases"


@roles_required(*CASE_ROLES)
def _placeholder_index(request):
    return redirect("support:my_actions")


from django.urls import path  # noqa: E402

urlpatterns = [path("cases/", _placeholder_index, name="index")]
