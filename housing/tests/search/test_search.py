"""The supporters' search of safety-net homes: what a supporter finds with each filter, what
they never find (another body's homes, homes taken off), the CSV, and one home's page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.fields.choice_masks import to_mask
from core.roles import Role
from directory.tests.factories import LocationFactory, OrganizationFactory, PhoneFactory
from housing.models import Acceptance
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory
from housing.tests.factories_search import LocalAcceptanceFactory

A = Acceptance


def accepting(*values) -> int:
    return to_mask(Acceptance, values)


@pytest.fixture
def supporter(client, city):
    client.force_login(city.users[Role.VOLUNTEER])
    return client


@pytest.fixture
def provider(city):
    return HousingProviderFactory(local_government=city.lg)


def home(provider, **fields):
    return SafetyNetHomeFactory(provider=provider, **fields)


def names(response) -> list[str]:
    return [row[0].name for row in response.context["rows"]]


def search(client, query="", **params):
    return client.get(reverse("home_search:index") + query, params)


def test_it_finds_only_homes_that_accept_every_chosen_attribute(supporter, provider):
    home(provider, name="両方（架空）", accepts=accepting(A.PROBATION, A.ELDERLY, A.FOREIGN))
    home(provider, name="保護観察だけ（架空）", accepts=accepting(A.PROBATION))
    home(provider, name="高齢者だけ（架空）", accepts=accepting(A.ELDERLY))
    response = search(supporter, "?accepts=probation&accepts=elderly")
    assert names(response) == ["両方（架空）"]
    response = search(supporter, "?accepts=probation")
    assert sorted(names(response)) == ["両方（架空）", "保護観察だけ（架空）"]


def test_a_citys_own_attribute_is_a_filter_too(supporter, provider, city):
    LocalAcceptanceFactory(local_government=city.lg, label="刑務所を出た人（架空）", bit=24)
    home(provider, name="市の対象も（架空）", accepts=accepting(A.PROBATION) | 1 << 24)
    home(provider, name="国の対象だけ（架空）", accepts=accepting(A.PROBATION))
    response = search(supporter, "?accepts=local-24&accepts=probation")
    assert names(response) == ["市の対象も（架空）"]
    assert "刑務所を出た人（架空）" in response.content.decode()


def test_the_rent_ceiling_counts_the_common_fee(supporter, provider):
    home(provider, name="55,000円（架空）", rent=50_000, common_fee=5_000)
    home(provider, name="45,000円（架空）", rent=45_000, common_fee=0)
    assert names(search(supporter, max_rent="54000")) == ["45,000円（架空）"]
    assert names(search(supporter, max_rent="55000")) == ["45,000円（架空）", "55,000円（架空）"]


def test_ward_layout_vacancy_barrier_free_and_pets(supporter, provider):
    home(provider, name="北区の空き（架空）", ward="北区", vacancies=2, layout="2DK")
    home(provider, name="北区の満室（架空）", ward="北区", vacancies=0, layout="2DK")
    home(provider, name="中央区（架空）", ward="中央区", barrier_free=True, pets_allowed=True)
    assert names(search(supporter, ward="北区", vacant="1")) == ["北区の空き（架空）"]
    assert sorted(names(search(supporter, layout="2DK"))) == [
        "北区の満室（架空）",
        "北区の空き（架空）",
    ]
    assert names(search(supporter, barrier_free="1", pets="1")) == ["中央区（架空）"]


def test_supporters_see_homes_kept_off_the_public_listing_but_not_inactive_ones(
    supporter, provider
):
    home(provider, name="非公開（架空）", is_public=False)
    home(provider, name="掲載終了（架空）", is_active=False)
    response = search(supporter)
    assert names(response) == ["非公開（架空）"]
    assert "非公開" in response.content.decode()


def test_another_bodys_home_is_neither_found_nor_opened(supporter, other_city):
    theirs = SafetyNetHomeFactory(provider__local_government=other_city.lg, name="よその家（架空）")
    assert names(search(supporter)) == []
    response = supporter.get(reverse("home_search:detail", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404


def test_near_a_location_shows_the_homes_within_the_radius_nearest_first(supporter, provider, city):
    office = LocationFactory(
        organization__local_government=city.lg,
        name="架空区役所",
        latitude=Decimal("32.800000"),
        longitude=Decimal("130.700000"),
    )
    home(provider, name="2km（架空）", latitude=Decimal("32.818000"), longitude=Decimal("130.7"))
    home(provider, name="0.5km（架空）", latitude=Decimal("32.8045"), longitude=Decimal("130.7"))
    home(provider, name="8km（架空）", latitude=Decimal("32.872000"), longitude=Decimal("130.7"))
    home(provider, name="位置なし（架空）")
    response = search(supporter, near=str(office.pk), km="3")
    assert names(response) == ["0.5km（架空）", "2km（架空）"]
    assert [round(km, 1) for _home, km, _accepted in response.context["rows"]] == [0.5, 2.0]
    assert "架空区役所" in response.content.decode()
    # sorted by rent instead, the distance is still shown
    response = search(supporter, near=str(office.pk), km="10", sort="-rent")
    assert len(response.context["rows"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        "?ward=存在しない区&max_rent=abc&layout=<script>&accepts=nothing&near=999999999",
        "?max_rent=-5&km=9999&sort=drop&page=zz&vacant=maybe",
        "?max_rent=１２３&accepts=local-99&near=0&km=²",
        "?sort=distance",
    ],
)
def test_junk_in_the_query_string_is_ignored(supporter, provider, query):
    home(provider, name="ある家（架空）")
    response = search(supporter, query)
    assert response.status_code == 200
    assert names(response) == ["ある家（架空）"]


def test_pages_and_sorting(supporter, provider):
    for rent in range(30_000, 30_000 + 35 * 1000, 1000):
        home(provider, rent=rent, common_fee=0, name=f"{rent}円（架空）")
    first = search(supporter)
    assert names(first)[0] == "30000円（架空）"
    assert first.context["page"].paginator.num_pages == 2
    assert names(search(supporter, sort="-rent"))[0] == "64000円（架空）"
    assert len(names(search(supporter, page="2"))) == 5


def test_the_csv_holds_what_the_search_found(supporter, provider):
    home(provider, name="北区（架空）", ward="北区", accepts=accepting(A.PROBATION, A.ELDERLY))
    home(provider, name="南区（架空）", ward="南区")
    response = supporter.get(reverse("home_search:csv"), {"ward": "北区"})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    assert "北区（架空）" in text and "南区（架空）" not in text
    assert "高齢者、保護観察対象者等" in text


def test_a_homes_page_gives_the_provider_and_its_directory_phone(supporter, city):
    entry = OrganizationFactory(local_government=city.lg, name="架空居住支援法人の窓口")
    PhoneFactory(local_government=city.lg, organization=entry, number="096-111-2222")
    provider = HousingProviderFactory(local_government=city.lg, directory_organization=entry)
    the_home = home(provider, name="つなぐハイツ（架空）", accepts=accepting(A.PROBATION))
    response = supporter.get(reverse("home_search:detail", kwargs={"pk": the_home.pk}))
    text = response.content.decode()
    assert "つなぐハイツ（架空）" in text
    assert provider.organization.name in text
    assert "tel:0961112222" in text
    assert "保護観察対象者等" in text


def test_a_housing_provider_does_not_search_the_others_homes(client, city, provider):
    client.force_login(city.users[Role.HOUSING_PROVIDER])
    assert client.get(reverse("home_search:index")).status_code == 403


def test_the_search_asks_the_same_number_of_queries_for_few_and_many_homes(supporter, provider):
    home(provider)
    query = "?accepts=probation&accepts=elderly&max_rent=60000&vacant=1"
    with CaptureQueriesContext(connection) as few:
        search(supporter, query)
    for _ in range(40):
        SafetyNetHomeFactory(
            provider=HousingProviderFactory(local_government=provider.local_government)
        )
    with CaptureQueriesContext(connection) as many:
        search(supporter, query)
    assert len(many) == len(few)
