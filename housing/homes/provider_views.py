"""Providers, the body's own accepted attributes and its registration standards
(/staff/housing/providers/, …). The secretariat keeps the body's providers; a provider edits
only its own profile (housing:own_provider)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from housing.homes import selectors, services
from housing.homes.forms import (
    HousingRulesForm,
    LocalAcceptanceForm,
    ProviderCreateForm,
    ProviderForm,
)
from housing.homes.views import not_registered
from housing.models import NATIONAL_MIN_FLOOR_AREA, LocalAcceptance


@roles_required(Role.SECRETARIAT)
def providers(request):
    local_government = staff_local_government(request)
    rows = list(selectors.providers_of(local_government))
    for provider in rows:
        provider.service_labels = selectors.service_labels(provider.services)
    return render(
        request,
        "housing/homes/providers.html",
        {
            "providers": rows,
            "waiting": selectors.organizations_without_profile(local_government),
        },
    )


@roles_required(Role.SECRETARIAT)
def provider_create(request):
    local_government = staff_local_government(request)
    form = ProviderCreateForm(request.POST or None, local_government=local_government)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.provider_create(
                actor=request.user,
                local_government=local_government,
                organization=form.cleaned_data.get("organization"),
                organization_name=form.cleaned_data.get("organization_name") or "",
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("事業者を登録しました。"))
            return redirect("housing:provider_detail", pk=provider.pk)
    return render(
        request, "housing/homes/provider_form.html", {"form": form, "provider": None, "own": False}
    )


@roles_required(Role.SECRETARIAT)
def provider_detail(request, pk: int):
    local_government = staff_local_government(request)
    provider = selectors.provider_for(request.user, local_government, pk)
    return render(
        request,
        "housing/homes/provider_detail.html",
        {
            "provider": provider,
            "services": selectors.service_labels(provider.services),
            "contact": selectors.directory_contact(provider),
            "accounts": provider.organization.users.order_by("username"),
        },
    )


def _edit(request, provider, *, own: bool):
    local_government = staff_local_government(request)
    form = ProviderForm(
        request.POST or None,
        local_government=local_government,
        staff=not own,
        initial=ProviderForm.initial_for(provider, local_government),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(actor=request.user, provider=provider, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("事業者の情報を保存しました。"))
            if own:
                return redirect("housing:own_provider")
            return redirect("housing:provider_detail", pk=provider.pk)
    return render(
        request,
        "housing/homes/provider_form.html",
        {
            "form": form,
            "provider": provider,
            "own": own,
            "contact": selectors.directory_contact(provider),
            "services": selectors.service_labels(provider.services),
        },
    )


@roles_required(Role.SECRETARIAT)
def provider_edit(request, pk: int):
    local_government = staff_local_government(request)
    return _edit(request, selectors.provider_for(request.user, local_government, pk), own=False)


@roles_required(Role.HOUSING_PROVIDER)
def own_provider(request):
    provider = selectors.provider_of(request.user)
    if provider is None:
        return not_registered(request)
    return _edit(request, provider, own=True)


# --- the body's own accepted attributes ------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def acceptances(request):
    local_government = staff_local_government(request)
    form = LocalAcceptanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.local_acceptance_create(
                actor=request.user,
                local_government=local_government,
                label=form.cleaned_data["label"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("「%(label)s」を追加しました。") % {"label": item.label})
            return redirect("housing:acceptances")
    return render(
        request,
        "housing/homes/acceptances.html",
        {
            "form": form,
            "groups": selectors.acceptance_groups(local_government),
            "own": selectors.local_acceptances(local_government),
        },
    )


@roles_required(Role.SECRETARIAT)
def acceptance_edit(request, pk: int):
    local_government = staff_local_government(request)
    item = LocalAcceptance.objects.filter(local_government=local_government, pk=pk).first()
    if item is None:
        raise Http404
    form = LocalAcceptanceForm(request.POST or None, initial={"label": item.label})
    if request.method == "POST" and form.is_valid():
        try:
            services.local_acceptance_rename(
                actor=request.user, item=item, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("名称を変えました。"))
            return redirect("housing:acceptances")
    return render(request, "housing/homes/acceptance_form.html", {"form": form, "item": item})


# --- the registration standards ----------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def rules(request):
    local_government = staff_local_government(request)
    current = selectors.rules_of(local_government)
    initial = {
        "min_floor_area": current.min_floor_area if current else NATIONAL_MIN_FLOOR_AREA,
        "note": current.note if current else "",
    }
    form = HousingRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.housing_rules_set(
                actor=request.user,
                local_government=local_government,
                min_floor_area=form.cleaned_data["min_floor_area"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("登録基準を保存しました。"))
            return redirect("housing:rules")
    return render(
        request,
        "housing/homes/rules.html",
        {"form": form, "current": current, "national": NATIONAL_MIN_FLOOR_AREA},
    )
