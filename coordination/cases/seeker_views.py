"""求職者として登録する: make the case's job-seeker profile from the case (coordination.cases.seekers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from coordination import access
from coordination.cases import seekers
from coordination.cases.forms import CaseSeekerForm
from coordination.models import FieldGroup
from coordination.web import case_for, checked_case
from core.access import roles_required
from core.web.forms import add_service_errors
from employment.access import SEEKER_ROLES


@roles_required(*access.CASE_ROLES)
def create(request, pk: int):
    """A team member whose organization sees the 法的地位・犯歴 group (404 otherwise), in a role
    that keeps job-seeker profiles (403 otherwise), while no profile is linked."""
    case = checked_case(request, pk, group=FieldGroup.LEGAL)
    if request.user.role not in SEEKER_ROLES:
        raise PermissionDenied
    if not seekers.may_create_seeker(request.user, case):
        messages.info(request, _("このケースでは、いま求職者として登録できません。"))
        return redirect("cases:detail", pk=case.pk)
    view = case_for(request, pk, purpose="job_seeker_create", group=FieldGroup.LEGAL)
    if request.method == "POST":
        form = CaseSeekerForm(request.POST)
    else:
        form = CaseSeekerForm(
            initial=seekers.seeker_initial(actor=request.user, case=view.case, request=request)
        )
    if request.method == "POST" and form.is_valid():
        try:
            seeker = seekers.case_create_job_seeker(
                actor=request.user,
                case=view.case,
                values=form.values(),
                consent_confirmed=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("求職者 %(code)s として登録し、このケースとつなぎました。")
                % {"code": seeker.code},
            )
            return redirect("cases:detail", pk=view.case.pk)
    response = render(
        request,
        "coordination/cases/job_seeker_create.html",
        {"view": view, "active": "cases:detail", "form": form},
        status=400 if form.errors else 200,
    )
    patch_cache_control(response, no_store=True, private=True)
    return response
