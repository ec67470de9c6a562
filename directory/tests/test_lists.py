"""What the portal's lists show (issue 12 §3): every ward offered and matched by service area,
the person's lists of services a person can reach (the supporters' view shows all), crisis
lines and callable services first, one plain line per card, jargon said plainly, and no
internal note or 未確認 on a public page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import selectors
from directory.models import Reach, Service, ServiceArea
from directory.search.fulltext import reindex_service
from directory.tests.factories import (
    OrganizationFactory,
    PhoneFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from directory.tests.portal_data import make_directory

TOKYO = ZoneInfo("Asia/Tokyo")
WEDNESDAY_NOON = datetime.datetime(2026, 6, 3, 12, 0, tzinfo=TOKYO)
SATURDAY_NIGHT = datetime.datetime(2026, 6, 6, 23, 0, tzinfo=TOKYO)
WARDS = ["中央区", "東区", "西区", "南区", "北区"]


@pytest.fixture
def directory(city):
    city.lg.wards = WARDS
    city.lg.save(update_fields=["wards"])
    return make_directory(city)


@pytest.fixture
def at(monkeypatch):
    def set_time(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    return set_time


def url(name, lg="testcity", **kwargs):
    return reverse(f"help:{name}", kwargs={"lg": lg, **kwargs})


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def housing_service(directory, name, **fields):
    service = ServiceFactory(
        organization=OrganizationFactory(
            local_government=directory.housing.local_government, name=f"{name}の団体（架空）"
        ),
        name=name,
        position=10,
        terms=[directory.needs["housing"]],
        **fields,
    )
    return service


# --- wards -----------------------------------------------------------------------------------


class TestWards:
    def test_every_ward_of_the_local_government_is_offered(self, client, directory):
        content = text(client.get(url("need", code="housing")))
        for ward in WARDS:
            assert f'<option value="{ward}"' in content
        navigator = text(client.get(url("navigator")))
        for ward in WARDS:
            assert f'value="{ward}"' in navigator

    def test_a_ward_matches_what_serves_it(self, directory):
        lg = directory.housing.local_government
        city_wide = housing_service(directory, "市内全域の窓口（架空）", area=ServiceArea.CITY)
        prefecture = housing_service(directory, "県の窓口（架空）", area=ServiceArea.PREFECTURE)
        north = housing_service(
            directory,
            "北区と西区の窓口（架空）",
            area=ServiceArea.WARDS,
            area_wards=["西区", "北区"],
        )
        south = housing_service(
            directory, "南区の窓口（架空）", area=ServiceArea.WARDS, area_wards=["南区"]
        )
        term = directory.needs["housing"]

        def names(ward):
            return {s.name for s in selectors.services_for_need(lg, term, ward=ward)}

        found = names("北区")
        assert {city_wide.name, prefecture.name, north.name} <= found
        assert south.name not in found
        # the area not set: the ward of a published place decides (東区, 中央区)
        assert directory.unconfirmed.name not in found and directory.housing.name not in found
        assert directory.unconfirmed.name in names("東区")
        assert directory.housing.name in names("中央区")

    def test_the_navigator_matches_the_same_way(self, client, directory):
        housing_service(directory, "市内全域の窓口（架空）", area=ServiceArea.CITY)
        content = text(client.get(url("navigator"), {"needs": "housing", "ward": "北区"}))
        assert "市内全域の窓口（架空）" in content
        assert "この困りごとの窓口は見つかりませんでした" not in content


# --- order -----------------------------------------------------------------------------------


class TestOrder:
    def names(self, content, services):
        return sorted((s.name for s in services), key=content.index)

    def test_what_can_be_called_comes_before_what_cannot(self, client, directory, at):
        at(WEDNESDAY_NOON)
        silent = housing_service(directory, "電話のない窓口（架空）")
        silent.position = 0
        silent.save()
        content = text(client.get(url("need", code="housing")))
        assert self.names(content, [silent, directory.night_line, directory.housing]) == [
            directory.housing.name,
            directory.night_line.name,
            silent.name,
        ]

    def test_the_organizations_number_counts_as_a_number_to_call(self, directory):
        service = housing_service(directory, "団体の電話の窓口（架空）")
        PhoneFactory(
            local_government=service.local_government,
            organization=service.organization,
            number="096-000-0099",
        )
        lg = service.local_government
        found = selectors.services_for_need(lg, directory.needs["housing"])
        assert {s.name: s.has_voice for s in found}[service.name] is True
        assert {s.name: s.has_voice for s in found}[directory.unconfirmed.name] is False

    def test_crisis_lines_come_first_then_at_night_the_24_hour_lines(self, client, directory, at):
        lg = directory.housing.local_government
        crisis = TaxonomyTermFactory(
            taxonomy=directory.needs["listen"].taxonomy, code="crisis", name="いのち・こころの危機"
        )
        line = ServiceFactory(
            organization=OrganizationFactory(local_government=lg, name="いのちの電話協会（架空）"),
            name="いのちの電話（架空）",
            position=9,
            terms=[crisis, directory.needs["listen"]],
        )
        PhoneFactory(local_government=lg, service=line, number="096-000-0444")
        day_window = ServiceFactory(
            organization=OrganizationFactory(local_government=lg, name="相談室（架空）"),
            name="昼の相談室（架空）",
            position=1,
            terms=[directory.needs["listen"]],
        )
        PhoneFactory(local_government=lg, service=day_window, number="096-000-0555")
        at(WEDNESDAY_NOON)
        content = text(client.get(url("need", code="listen")))
        assert self.names(content, [day_window, directory.night_line, line]) == [
            line.name,
            day_window.name,
            directory.night_line.name,
        ]
        at(SATURDAY_NIGHT)
        content = text(client.get(url("need", code="listen")))
        assert self.names(content, [day_window, directory.night_line, line]) == [
            line.name,
            directory.night_line.name,
            day_window.name,
        ]
        navigator = text(client.get(url("navigator"), {"needs": "listen"}))
        assert self.names(navigator, [day_window, directory.night_line, line])[0] == line.name


# --- reach and the supporters' view ------------------------------------------------------------


class TestReach:
    def test_the_persons_list_shows_what_a_person_can_reach(self, client, directory):
        prison = housing_service(directory, "刑務所の帰住調整（架空）", reach=Reach.PROFESSIONAL)
        employer = housing_service(directory, "雇用主への支援（架空）", reach=Reach.EMPLOYER)
        for service in (prison, employer, directory.housing):
            reindex_service(service)
        for page in (
            client.get(url("need", code="housing")),
            client.get(url("navigator"), {"needs": "housing"}),
            client.get(url("search"), {"q": "住まい"}),
        ):
            content = text(page)
            assert directory.housing.name in content
            assert prison.name not in content and employer.name not in content
        searched = text(client.get(url("search"), {"q": "帰住調整"}))
        assert prison.name not in searched
        searched = text(client.get(url("search"), {"q": "帰住調整", "for": "supporters"}))
        assert prison.name in searched
        supporters = text(client.get(url("need", code="housing"), {"for": "supporters"}))
        assert prison.name in supporters and employer.name in supporters
        assert "関係機関どうしの連携" in supporters
        navigator = text(client.get(url("navigator"), {"needs": "housing", "for": "supporters"}))
        assert prison.name in navigator

    def test_the_toggle_is_visible_and_keeps_the_other_answers(self, client, directory):
        content = text(client.get(url("need", code="housing"), {"ward": "東区", "text": "large"}))
        assert "支援する方向け" in content
        assert "for=supporters" in content and "ward=" in content
        back = text(client.get(url("need", code="housing"), {"for": "supporters"}))
        assert "相談する方向けの表示にもどす" in back
        assert 'name="for" value="supporters"' in back  # the ward filter keeps the view

    def test_navigator_results_default_to_the_person(self, directory):
        housing_service(directory, "刑務所の帰住調整（架空）", reach=Reach.PROFESSIONAL)
        lg = directory.housing.local_government
        needs = [directory.needs["housing"]]
        person = selectors.navigator_results(lg, needs)[0].cards
        everyone = selectors.navigator_results(lg, needs, reach=None)[0].cards
        assert "刑務所の帰住調整（架空）" not in {c.service.name for c in person}
        assert "刑務所の帰住調整（架空）" in {c.service.name for c in everyone}


# --- what a card says ------------------------------------------------------------------------


class TestCards:
    def test_a_card_shows_its_plain_line_and_no_internal_note(self, client, directory):
        Service.objects.filter(pk=directory.housing.pk).update(
            summary="帰住先の相談にのります（架空）。", internal_note="資料編7(99)に掲載（架空）"
        )
        content = text(client.get(url("need", code="housing")))
        assert "出たあと住むところ（帰住先）の相談にのります（架空）。" in content
        assert "資料編7(99)" not in content
        detail = text(client.get(url("service", pk=directory.housing.pk)))
        assert "資料編7(99)" not in detail
        assert "出たあと住むところ（帰住先）" in detail

    def test_without_a_summary_a_card_shows_the_first_sentence(self, client, directory):
        content = text(client.get(url("need", code="housing")))
        assert "住まいの相談に応じます。" in content
        assert "家賃や入居の手続きを手伝います。" not in content  # on the service page

    def test_unknown_hours_and_address_are_said_plainly(self, client, directory, at):
        at(WEDNESDAY_NOON)
        content = text(client.get(url("need", code="housing")))
        card = content[content.index(directory.unconfirmed.name) :].split("</article>")[0]
        assert "受付時間は電話でおたしかめください" in card
        assert "open-state" not in card and "未確認" not in content
        housing = content[content.index(directory.housing.name) :].split("</article>")[0]
        assert "受付中" in housing


# --- Kumamoto's package ------------------------------------------------------------------------


def kumamoto_url(name, **kwargs):
    return url(name, lg="kumamoto", **kwargs)


@pytest.mark.django_db
class TestKumamoto:
    def test_north_ward_housing_is_not_empty_and_keeps_the_city_wide(self, client, kumamoto):
        content = text(client.get(kumamoto_url("need", code="housing"), {"ward": "北区"}))
        assert "熊本市中央（西・北）生活自立支援センター" in content
        assert "熊本市市営住宅課" in content  # city-wide
        assert "熊本市南生活自立支援センター" not in content
        for ward in ["中央区", "東区", "西区", "南区", "北区"]:
            assert f'<option value="{ward}"' in content

    def test_the_persons_housing_page_lists_no_prison_or_prosecutor(self, client, kumamoto):
        content = text(client.get(kumamoto_url("need", code="housing")))
        assert "熊本刑務所" not in content and "熊本地方検察庁" not in content
        supporters = text(client.get(kumamoto_url("need", code="housing"), {"for": "supporters"}))
        assert "熊本刑務所" in supporters and "熊本地方検察庁" in supporters

    def test_no_provenance_note_or_unconfirmed_on_the_need_pages(self, client, kumamoto):
        lg = kumamoto.local_government
        for term in selectors.need_terms(lg):
            content = text(client.get(kumamoto_url("need", code=term.code), {"page": 1}))
            assert "資料編7" not in content, term.code
            assert "未確認" not in content, term.code
            assert "曜日の記載なし" not in content, term.code

    def test_the_listen_page_starts_with_the_crisis_lines(self, client, kumamoto):
        lg = kumamoto.local_government
        crisis = set(
            Service.objects.filter(local_government=lg, terms__code="crisis").values_list(
                "name", flat=True
            )
        )
        listen = list(selectors.services_for_need(lg, selectors.need(lg, "listen")))
        assert {s.name for s in listen[: len(crisis)]} == crisis
        content = text(client.get(kumamoto_url("need", code="listen")))
        assert content.index("熊本いのちの電話") < content.index(listen[len(crisis)].name)

    def test_elsewhere_a_crisis_line_takes_its_usual_place(self, kumamoto):
        """On 学び the crisis lines do not jump the queue (they have their own block where a
        crisis is signalled): the county's youth centre (COCON) keeps its place before the
        24-hour SOS line by day."""
        lg = kumamoto.local_government
        names = [s.name for s in selectors.services_for_need(lg, selectors.need(lg, "learning"))]
        assert names.index("熊本県子ども・若者総合相談センターの相談") < names.index(
            "24時間子どもSOSダイヤル"
        )

    def test_the_general_windows_are_the_city_life_support_centres(self, kumamoto):
        windows = Service.objects.filter(
            local_government=kumamoto.local_government, is_general_window=True
        )
        assert {s.organization.name for s in windows} == {
            "熊本市中央（西・北）生活自立支援センター",
            "熊本市東生活自立支援センター",
            "熊本市南生活自立支援センター",
        }
        north = windows.get(organization__name__startswith="熊本市中央")
        assert (north.area, north.area_wards) == (ServiceArea.WARDS, ["中央区", "西区", "北区"])

    def test_every_person_service_has_a_summary(self, kumamoto):
        services = Service.objects.filter(local_government=kumamoto.local_government)
        assert not services.filter(summary="").exists()
        assert not services.filter(description__startswith="資料編7").exists()
        assert services.filter(reach=Reach.EMPLOYER).count() == 4


def test_an_empty_ward_list_falls_back_to_the_wards_of_the_places(city):
    directory = make_directory(city)
    assert city.lg.wards == []
    assert selectors.wards(city.lg) == ["中央区", "東区"]
    assert directory.housing.pk


def test_no_internal_note_reaches_the_hsds_export(kumamoto, tmp_path):
    from directory.hsds import export as hsds
    from directory.models import Schedule

    lg = kumamoto.local_government
    hsds.write_hsds_package(lg, tmp_path)
    exported = "".join(path.read_text(encoding="utf-8") for path in tmp_path.glob("*.csv"))
    notes = set(
        Service.objects.filter(local_government=lg)
        .exclude(internal_note="")
        .values_list("internal_note", flat=True)
    ) | set(
        Schedule.objects.filter(local_government=lg)
        .exclude(internal_note="")
        .values_list("internal_note", flat=True)
    )
    assert len(notes) > 10
    for note in notes:
        assert note not in exported


def test_a_card_names_a_term_plainly_first(client, kumamoto):
    """更生緊急保護 is a service's name in the seed: the person's card says it plainly first."""
    content = text(client.get(kumamoto_url("need", code="housing")))
    assert "刑務所などを出たあとの緊急の手助け（更生緊急保護）" in content
