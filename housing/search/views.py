"""The supporters' search of safety-net homes (/staff/housing/search/): filters, paging,
sorting, a CSV of what the search found, and one home with its provider.

Views only parse the query string (housing.search.filters), read through
housing.search.selectors (which use housing.selectors.search_homes) and render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import roles_required
from core.fields.choice_masks import labels
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.listing import query_without
from housing.models import ProviderService
from housing.search import filters as search_filters
from housing.search import selectors
from housing.search.selectors import SEARCH_ROLES

PAGE_SIZE = 30
ORDERINGS = {
    "rent": ("rent", "common_fee", "id"),
    "-rent": ("-rent", "-common_fee", "-id"),
    "-vacancies": ("-vacancies", "rent", "id"),
    "ward": ("ward", "rent", "id"),
    "-floor_area": ("-floor_area", "rent", "id"),
}


class _Search:
    """The request's filters, the homes they find (ordered) and the choices the form offers."""

    def __init__(self, request):
        self.local_government = staff_local_government(request)
        lg = self.local_government
        self.acceptances = selectors.acceptance_choices(lg)
        self.locations = selectors.near_locations(lg)
        self.wards = selectors.wards(lg)
        self.layouts = selectors.layouts(lg)
        self.filters = search_filters.parse(
            request.GET,
            wards=self.wards,
            layouts=self.layouts,
            acceptances=self.acceptances,
            locations=self.locations,
        )
        self.criteria = search_filters.criteria(self.filters, self.acceptances, self.locations)
        self.homes = selectors.searchable_homes(request.user, lg, self.criteria)

    @property
    def by_distance(self) -> bool:
        return self.criteria.near is not None and self.filters.sort == "distance"

    def ordered(self):
        return self.homes.order_by(*ORDERINGS.get(self.filters.sort, ORDERINGS["rent"]))


def _distance_page(search: _Search, number):
    """The page asked for of the homes nearest first (ids and positions read for all the
    homes in the radius, the rows for the page only)."""
    found = selectors.by_distance(search.homes, search.criteria.near, search.criteria.within_km)
    page = Paginator(found, PAGE_SIZE).get_page(number)
    rows = search.homes.in_bulk([pk for pk, _km in page.object_list])
    page.object_list = [(rows[pk], km) for pk, km in page.object_list if pk in rows]
    return page


def _page(search: _Search, number):
    """The page of (home, km or None) pairs."""
    if search.by_distance:
        return _distance_page(search, number)
    page = Paginator(search.ordered(), PAGE_SIZE).get_page(number)
    near = search.criteria.near
    page.object_list = [
        (home, selectors.distance_km(home, near) if near else None) for home in page.object_list
    ]
    return page


@roles_required(*SEARCH_ROLES)
def index(request):
    search = _Search(request)
    page = _page(search, request.GET.get("page"))
    rows = [
        (home, km, selectors.accepted_labels(home, search.acceptances))
        for home, km in page.object_list
    ]
    return render(
        request,
        "housing/search/index.html",
        {
            "search": search,
            "filters": search.filters,
            "page": page,
            "rows": rows,
            "query": query_without(request),
            "radii": search_filters.RADII_KM,
            "sorts": [
                ("rent", _("家賃＋共益費の安い順")),
                ("-rent", _("家賃＋共益費の高い順")),
                ("-vacancies", _("空き戸数の多い順")),
                ("ward", _("区の順")),
                ("-floor_area", _("広い順")),
                *([("distance", _("近い順"))] if search.criteria.near else []),
            ],
        },
    )


def _yes(value: bool) -> str:
    return _("はい") if value else ""


def _export_rows(search: _Search):
    yield [
        _("ID"),
        _("登録番号"),
        _("住宅の名称"),
        _("所在地"),
        _("区"),
        _("家賃（円）"),
        _("共益費（円）"),
        _("家賃＋共益費（円）"),
        _("敷金（円）"),
        _("床面積（㎡）"),
        _("間取り"),
        _("戸数"),
        _("空き戸数"),
        _("バリアフリー"),
        _("ペット可"),
        _("専用住宅"),
        _("受け入れる住宅確保要配慮者"),
        _("事業者"),
        _("問い合わせ先"),
        _("一般公開"),
    ]
    for home in search.ordered().iterator(chunk_size=2000):
        yield [
            home.pk,
            home.registration_number,
            home.name,
            home.address,
            home.ward,
            home.rent,
            home.common_fee,
            home.monthly_cost,
            home.deposit,
            home.floor_area,
            home.layout,
            home.units,
            home.vacancies,
            _yes(home.barrier_free),
            _yes(home.pets_allowed),
            _yes(home.dedicated),
            "、".join(selectors.accepted_labels(home, search.acceptances)),
            home.provider.organization.name,
            home.contact,
            _("公開") if home.is_public else _("非公開"),
        ]


@export("csv")
@roles_required(*SEARCH_ROLES)
def homes_csv(request):
    """What the search found (every page), in the chosen order."""
    return csv_response(_export_rows(_Search(request)), "safety-net-homes.csv")


@roles_required(*SEARCH_ROLES)
def detail(request, pk: int):
    local_government = staff_local_government(request)
    home = selectors.home_for(request.user, local_government, pk)
    provider = home.provider
    return render(
        request,
        "housing/search/detail.html",
        {
            "home": home,
            "provider": provider,
            "services": labels(ProviderService, provider.services),
            "accepted": selectors.accepted_labels(
                home, selectors.acceptance_choices(local_government)
            ),
            "phones": selectors.provider_phones(home),
        },
    )
