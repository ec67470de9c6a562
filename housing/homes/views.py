"""Safety-net homes in the back office (/staff/housing/).

- A housing provider (`housing_provider`) lists, registers, edits and takes off the list its
  own organization's homes; another provider's home is 404.
- The secretariat sees and manages every home of its body (filter by provider, ward, status).
- Other roles are refused (403): supporters find homes through the search (housing.search).

Views only parse input, fetch through housing.homes.selectors, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from core.web.params import id_param
from housing.homes import importing, selectors, services
from housing.homes.forms import HomeFilterForm, HomeForm

KEEPERS = (Role.SECRETARIAT, Role.HOUSING_PROVIDER)
PAGE_SIZE = 50
SORT_COLUMNS = {
    "name": ("name", "-name"),
    "provider": ("provider", "-provider"),
    "ward": ("ward", "-ward"),
    "rent": ("rent", "-rent"),
    "vacancies": ("vacancies", "-vacancies"),
    "updated": ("-updated", "updated"),
}


def not_registered(request):
    """The page a provider's account sees before the secretariat registers its organization."""
    return render(request, "housing/homes/not_registered.html")


def _scope(request):
    """(local government, is the secretariat, the provider's own profile or None)."""
    local_government = staff_local_government(request)
    secretariat = selectors.is_secretariat(request.user, local_government)
    return (
        local_government,
        secretariat,
        None if secretariat else selectors.provider_of(request.user),
    )


def _listed(request, local_government, secretariat):
    providers = list(selectors.providers_of(local_government)) if secretariat else None
    form = HomeFilterForm(request.GET, local_government=local_government, providers=providers)
    filters = form.filters()
    homes = selectors.home_list(selectors.visible_homes(request.user, local_government), filters)
    return form, filters, homes


@roles_required(*KEEPERS)
def index(request):
    local_government, secretariat, provider = _scope(request)
    if not secretariat and provider is None:
        return not_registered(request)
    form, filters, homes = _listed(request, local_government, secretariat)
    page = Paginator(homes, PAGE_SIZE).get_page(request.GET.get("page"))
    local = list(selectors.local_acceptances(local_government))
    for home in page:
        home.acceptance_labels = selectors.acceptance_labels(
            local_government, home.accepts, local=local
        )
    return render(
        request,
        "housing/homes/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "export_query": query_without(request, "sort"),
            "sort_links": sort_links(request, filters.sort or selectors.DEFAULT_SORT, SORT_COLUMNS),
            "filtered": bool(filters.q or filters.provider or filters.ward or filters.status),
            "is_secretariat": secretariat,
            "provider": provider,
        },
    )


def _yes(value: bool) -> str:
    return _("はい") if value else _("いいえ")


@export("csv")
@roles_required(*KEEPERS)
def home_csv(request):
    """The list as filtered, in the import's columns (an edited export can be imported again)."""
    local_government, secretariat, provider = _scope(request)
    if not secretariat and provider is None:
        return not_registered(request)
    _form, _filters, homes = _listed(request, local_government, secretariat)
    headings = importing.export_headings()
    local = list(selectors.local_acceptances(local_government))
    rows = [[headings[name] for name in [*importing.COLUMNS, *importing.EXPORT_ONLY]]]
    for home in homes.iterator(chunk_size=2000):
        rows.append(
            [
                home.provider.organization.name,
                home.registration_number,
                home.name,
                home.address,
                home.ward,
                home.rent,
                home.common_fee,
                home.deposit,
                home.floor_area,
                home.layout,
                home.units,
                home.vacancies,
                _yes(home.earthquake_resistant),
                _yes(home.barrier_free),
                _yes(home.pets_allowed),
                _yes(home.dedicated),
                "、".join(selectors.acceptance_labels(local_government, home.accepts, local=local)),
                home.contact,
                _yes(home.is_public),
                home.latitude if home.latitude is not None else "",
                home.longitude if home.longitude is not None else "",
                home.note,
                _yes(home.is_active),
                home.updated_at.date().isoformat(),
            ]
        )
    return csv_response(rows, f"{local_government.slug}-safety-net-homes.csv")


@roles_required(*KEEPERS)
def home_detail(request, pk: int):
    local_government = staff_local_government(request)
    home = selectors.home_for(request.user, local_government, pk)
    return render(
        request,
        "housing/homes/detail.html",
        {
            "home": home,
            "acceptances": selectors.acceptance_labels(local_government, home.accepts),
            "contact": selectors.directory_contact(home.provider),
            "can_manage": services.can_manage_home(request.user, home),
            "is_secretariat": selectors.is_secretariat(request.user, local_government),
        },
    )


def _form_page(request, form, home=None, provider=None):
    return render(
        request,
        "housing/homes/form.html",
        {"form": form, "home": home, "provider": provider},
    )


@roles_required(*KEEPERS)
def home_create(request):
    local_government, secretariat, provider = _scope(request)
    if not secretariat and provider is None:
        return not_registered(request)
    providers = selectors.providers_of(local_government) if secretariat else None
    initial = {"provider": id_param(request.GET, "provider")} if secretariat else {}
    form = HomeForm(
        request.POST or None,
        local_government=local_government,
        providers=providers,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            home = services.home_create(
                actor=request.user,
                provider=provider or form.cleaned_data["provider"],
                values=form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("住宅を登録しました。"))
            return redirect("housing:home_detail", pk=home.pk)
    return _form_page(request, form, provider=provider)


@roles_required(*KEEPERS)
def home_edit(request, pk: int):
    local_government = staff_local_government(request)
    home = selectors.home_for(request.user, local_government, pk)
    secretariat = selectors.is_secretariat(request.user, local_government)
    form = HomeForm(
        request.POST or None,
        local_government=local_government,
        providers=selectors.providers_of(local_government) if secretariat else None,
        initial=HomeForm.initial_for(home, local_government),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.home_update(
                actor=request.user,
                home=home,
                values=form.values(),
                provider=form.cleaned_data.get("provider"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("住宅の情報を保存しました。"))
            return redirect("housing:home_detail", pk=home.pk)
    return _form_page(request, form, home=home, provider=home.provider)


def _set_active(request, pk: int, active: bool, success: str):
    local_government = staff_local_government(request)
    home = selectors.home_for(request.user, local_government, pk)
    try:
        services.home_set_active(actor=request.user, home=home, active=active)
    except ValidationError as error:
        messages.error(
            request,
            _("掲載を再開できません: %(problems)s") % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(request, success)
    return redirect("housing:home_detail", pk=home.pk)


@require_POST
@roles_required(*KEEPERS)
def home_deactivate(request, pk: int):
    return _set_active(
        request,
        pk,
        False,
        _("掲載をやめました。支援者の検索と市民向けの一覧に出なくなります（記録は残ります）。"),
    )


@require_POST
@roles_required(*KEEPERS)
def home_reactivate(request, pk: int):
    return _set_active(request, pk, True, _("掲載を再開しました。"))
