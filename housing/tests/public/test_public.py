"""The public housing pages: only homes whose landlords agreed, in plain Japanese, with the
directory's housing windows and the crisis lines; the 市営住宅 page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Reach, Taxonomy
from directory.tests.factories import (
    OrganizationFactory,
    PhoneFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)
from housing.tests.factories import (
    HousingProviderFactory,
    PublicHousingRoundFactory,
    SafetyNetHomeFactory,
)
from housing.tests.factories_search import PublicHousingRuleFactory

TODAY = timezone.localdate()


@pytest.fixture
def provider(city):
    return HousingProviderFactory(local_government=city.lg)


def listing(client, city, **params):
    return client.get(reverse("homes:index", kwargs={"lg": city.lg.slug}), params)


def shown(response) -> list[str]:
    return [home.name for home in response.context["page"]]


def test_the_listing_never_shows_a_home_without_the_landlords_consent(client, city, provider):
    SafetyNetHomeFactory(provider=provider, name="公開の家（架空）", is_public=True)
    hidden = SafetyNetHomeFactory(provider=provider, name="非公開の家（架空）", is_public=False)
    SafetyNetHomeFactory(provider=provider, name="終わった家（架空）", is_active=False)
    response = listing(client, city)
    assert shown(response) == ["公開の家（架空）"]
    assert "非公開の家" not in response.content.decode()
    for params in ({"vacant": "1"}, {"max_rent": "100000"}, {"ward": "中央区"}):
        assert "非公開の家（架空）" not in shown(listing(client, city, **params))
    url = reverse("homes:detail", kwargs={"lg": city.lg.slug, "pk": hidden.pk})
    assert client.get(url).status_code == 404


def test_a_home_of_another_body_is_404_under_this_bodys_slug(client, city, other_city):
    theirs = SafetyNetHomeFactory(provider__local_government=other_city.lg, is_public=True)
    url = reverse("homes:detail", kwargs={"lg": city.lg.slug, "pk": theirs.pk})
    assert client.get(url).status_code == 404
    assert shown(listing(client, city)) == []


def test_the_simple_filters(client, city, provider):
    SafetyNetHomeFactory(
        provider=provider, name="北区 5.5万（架空）", ward="北区", rent=50_000, common_fee=5_000
    )
    SafetyNetHomeFactory(
        provider=provider, name="南区 満室（架空）", ward="南区", rent=30_000, vacancies=0
    )
    assert shown(listing(client, city, ward="北区")) == ["北区 5.5万（架空）"]
    # 家賃＋共益費 55,000 円 is over a 50,000 円 ceiling
    assert shown(listing(client, city, max_rent="50000")) == ["南区 満室（架空）"]
    assert shown(listing(client, city, max_rent="60000", vacant="1")) == ["北区 5.5万（架空）"]


@pytest.mark.parametrize(
    "params",
    [
        {"ward": "<b>", "max_rent": "12345", "vacant": "yes", "page": "-1"},
        {"max_rent": "９９９９９", "ward": "中央区" * 50},
    ],
)
def test_junk_filters_are_ignored(client, city, provider, params):
    SafetyNetHomeFactory(provider=provider, name="ある家（架空）")
    response = listing(client, city, **params)
    assert response.status_code == 200
    assert shown(response) == ["ある家（架空）"]


def test_the_listing_explains_and_names_the_directorys_housing_windows(client, city, provider):
    need = TaxonomyFactory(local_government=city.lg, kind=Taxonomy.Kind.NEED)
    housing = TaxonomyTermFactory(taxonomy=need, code="housing", name="住まい")
    work = TaxonomyTermFactory(taxonomy=need, code="work", name="仕事")
    entry = OrganizationFactory(local_government=city.lg, name="架空居住支援協議会")
    window = ServiceFactory(
        organization=entry, name="住まいの相談窓口（架空）", terms=[housing], reach=Reach.PERSON
    )
    PhoneFactory(local_government=city.lg, service=window, number="096-222-3333")
    ServiceFactory(organization=entry, name="仕事の相談（架空）", terms=[work])
    ServiceFactory(
        organization=entry,
        name="関係機関どうし（架空）",
        terms=[housing],
        reach=Reach.PROFESSIONAL,
    )
    text = listing(client, city).content.decode()
    assert "セーフティネット住宅とは" in text
    assert "住まいの相談窓口（架空）" in text and "096-222-3333" in text
    assert "仕事の相談（架空）" not in text
    assert "関係機関どうし（架空）" not in text
    # the crisis lines' section is on the page (110 / 119 at least)
    assert "いますぐ話したいとき" in text and 'href="tel:110"' in text


def test_without_housing_windows_the_page_points_to_the_help_portal(client, city):
    text = listing(client, city).content.decode()
    assert reverse("help:index", kwargs={"lg": city.lg.slug}) in text


def test_yasashii_nihongo_adds_furigana(client, city, provider):
    SafetyNetHomeFactory(provider=provider)
    text = listing(client, city, yasashii="1").content.decode()
    assert "<ruby>" in text


def test_the_public_housing_page_lists_published_rounds_open_and_upcoming_first(client, city):
    day = datetime.timedelta(days=1)
    PublicHousingRoundFactory(
        local_government=city.lg,
        title="終わった募集（架空）",
        application_from=TODAY - 40 * day,
        application_until=TODAY - 30 * day,
    )
    PublicHousingRoundFactory(
        local_government=city.lg,
        title="これからの募集（架空）",
        application_from=TODAY + 10 * day,
        application_until=TODAY + 20 * day,
    )
    PublicHousingRoundFactory(
        local_government=city.lg,
        title="受付中の募集（架空）",
        application_from=TODAY - day,
        application_until=TODAY + 5 * day,
    )
    PublicHousingRoundFactory(
        local_government=city.lg,
        title="下書きの募集（架空）",
        application_from=TODAY,
        is_published=False,
    )
    PublicHousingRuleFactory(local_government=city.lg, title="優先入居（架空）")
    response = client.get(reverse("homes:public_housing", kwargs={"lg": city.lg.slug}))
    titles = [row.round.title for row in response.context["rounds"]]
    assert titles == ["受付中の募集（架空）", "これからの募集（架空）", "終わった募集（架空）"]
    text = response.content.decode()
    assert "下書きの募集" not in text
    assert "優先入居（架空）" in text
    start = TODAY - day
    assert f"（{start.year}年）{start.month}月{start.day}日" in text  # 和暦 with the year
    assert "令和" in text
