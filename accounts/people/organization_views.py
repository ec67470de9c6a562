"""The organization screen: the bodies whose people sign in (city departments, partner
bodies, volunteer groups, employers, housing providers), each with its accounts; creating and
editing an organization."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.people import selectors, services
from accounts.people.forms import OrganizationForm
from accounts.people.views import MANAGERS
from core.access import roles_required
from core.roles import Role
from core.web.forms import add_service_errors
from core.web.listing import query_without
from core.web.params import MAX_ID, parse_int

PAGE_SIZE = 50


@roles_required(*MANAGERS)
def organizations(request):
    kind = request.GET.get("kind", "")
    if kind not in Organization.Kind.values:
        kind = ""
    is_admin = request.user.role == Role.SYSTEM_ADMIN
    bodies = selectors.bodies(request.user) if is_admin else None
    body = None
    if is_admin:
        body_id = parse_int(request.GET.get("lg", ""), minimum=1, maximum=MAX_ID)
        body = bodies.filter(pk=body_id).first() if body_id else None
    found = selectors.organization_list(
        selectors.manageable_organizations(request.user), kind=kind, local_government=body
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people/organizations.html",
        {
            "page": page,
            "kind": kind,
            "kinds": Organization.Kind.choices,
            "query": query_without(request),
            "is_admin": is_admin,
            "bodies": bodies,
            "body": body,
        },
    )


@roles_required(*MANAGERS)
def organization_detail(request, pk: int):
    organization = selectors.organization_for(request.user, pk)
    return render(
        request,
        "accounts/people/organization_detail.html",
        {
            "organization": organization,
            "accounts": selectors.organization_accounts(organization),
        },
    )


def _organization_form(request, organization: Organization | None):
    with_body = organization is None and request.user.role == Role.SYSTEM_ADMIN
    initial = (
        {
            "name": organization.name,
            "kind": organization.kind,
            "department": organization.department_id,
        }
        if organization
        else {}
    )
    return OrganizationForm(
        request.POST or None, initial=initial, actor=request.user, with_body=with_body
    )


@roles_required(*MANAGERS)
def organization_create(request):
    form = _organization_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        local_government = data.get("local_government") or request.user.local_government
        try:
            organization = services.organization_create(
                actor=request.user,
                local_government=local_government,
                name=data["name"],
                kind=data["kind"],
                department=data["department"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("組織を作りました。"))
            return redirect("people:organization_detail", pk=organization.pk)
    return render(
        request, "accounts/people/organization_form.html", {"form": form, "organization": None}
    )


@roles_required(*MANAGERS)
def organization_edit(request, pk: int):
    organization = selectors.organization_for(request.user, pk)
    form = _organization_form(request, organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_update(
                actor=request.user,
                organization=organization,
                name=data["name"],
                kind=data["kind"],
                department=data["department"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("組織を変更しました。"))
            return redirect("people:organization_detail", pk=organization.pk)
    return render(
        request,
        "accounts/people/organization_form.html",
        {"form": form, "organization": organization},
    )
