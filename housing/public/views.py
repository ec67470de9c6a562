"""Public housing pages (/<lg>/housing/) in plain Japanese: safety-net homes whose landlords
agreed to a public listing, one such home, and the 市営住宅 page (rounds and rules). No
account, nothing stored about the visitor; the display options are the help portal's
(directory.display). Every page carries the crisis lines: a person looking for a home may be
in crisis."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils import timezone

from core.access import public
from core.tenancy import local_government_from_slug
from core.web.params import int_param
from directory.crisis.terms import crisis_lines
from directory.display import Display, render_with_display
from housing.public import selectors
from housing.selectors import HomeCriteria

PAGE_SIZE = 20
# 家賃＋共益費の上限 a visitor chooses from (円 a month)
RENT_CEILINGS = (30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 100_000)


def _filters(request, wards: list[str]) -> dict:
    ward = request.GET.get("ward", "")
    max_rent = int_param(request.GET, "max_rent", minimum=0, maximum=max(RENT_CEILINGS))
    return {
        "ward": ward if ward in wards else "",
        "max_rent": max_rent if max_rent in RENT_CEILINGS else None,
        "vacant": request.GET.get("vacant", "") == "1",
    }


@public
def index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    wards = selectors.public_wards(local_government)
    chosen = _filters(request, wards)
    homes = selectors.public_homes(
        local_government,
        HomeCriteria(
            ward=chosen["ward"], max_rent=chosen["max_rent"], vacant_only=chosen["vacant"]
        ),
    )
    page = Paginator(homes, PAGE_SIZE).get_page(request.GET.get("page"))
    display = Display.from_request(request)
    pairs = [(name, "1" if value is True else value) for name, value in chosen.items() if value]
    extra = "&".join(part for part in (urlencode(pairs), display.query) if part)
    return render_with_display(
        request,
        "housing/public/index.html",
        {
            "page": page,
            "wards": wards,
            "ceilings": RENT_CEILINGS,
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "extra": extra,
            "windows": selectors.housing_windows(local_government),
            "crisis_lines": crisis_lines(local_government),
        },
    )


@public
def detail(request, lg: str, pk: int):
    local_government = local_government_from_slug(request, lg)
    return render_with_display(
        request,
        "housing/public/detail.html",
        {
            "home": selectors.public_home(local_government, pk),
            "windows": selectors.housing_windows(local_government),
            "crisis_lines": crisis_lines(local_government),
        },
    )


@public
def public_housing(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return render_with_display(
        request,
        "housing/public/public_housing.html",
        {
            "rounds": selectors.published_rounds(local_government, timezone.localdate()),
            "rules": selectors.rules(local_government),
            "crisis_lines": crisis_lines(local_government),
        },
    )
