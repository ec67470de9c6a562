"""The public help portal: home, a need's services, one service, search, the referral sheet,
"open now" in Asia/Tokyo, and the display options (やさしい日本語, large text, contrast)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing.pdf import A4_POINTS, read_pdf
from directory import selectors
from directory.models import Schedule, Service
from directory.tests.factories import PhoneFactory, ScheduleFactory, ServiceFactory
from directory.tests.portal_data import make_directory

TOKYO = ZoneInfo("Asia/Tokyo")
# Wednesday 3 June 2026
WEDNESDAY_NOON = datetime.datetime(2026, 6, 3, 12, 0, tzinfo=TOKYO)
WEDNESDAY_NIGHT = datetime.datetime(2026, 6, 3, 22, 0, tzinfo=TOKYO)
SATURDAY_NOON = datetime.datetime(2026, 6, 6, 12, 0, tzinfo=TOKYO)


@pytest.fixture
def directory(city):
    return make_directory(city)


@pytest.fixture
def at(monkeypatch):
    """Set the clock: at(datetime) makes timezone.now() return it (in UTC, as Django does)."""

    def set_time(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    return set_time


def url(name, **kwargs):
    return reverse(f"help:{name}", kwargs={"lg": "testcity", **kwargs})


def text(response):
    return response.content.decode()


def names_in_order(content, services):
    positions = {service.name: content.index(service.name) for service in services}
    return sorted(positions, key=positions.get)


# --- open now --------------------------------------------------------------------------------


class TestOpenState:
    def schedule(self, **fields):
        return Schedule(**{"byday": "MO,TU,WE,TH,FR", **fields})

    def test_a_weekday_window_is_open_in_its_hours_only(self):
        service = Service(is_24_hours=False)
        hours = [self.schedule(opens_at=datetime.time(8, 30), closes_at=datetime.time(17, 15))]
        assert selectors.open_state(service, hours, WEDNESDAY_NOON) == "open"
        assert selectors.open_state(service, hours, WEDNESDAY_NIGHT) == "closed"
        assert selectors.open_state(service, hours, SATURDAY_NOON) == "closed"
        closing = datetime.datetime(2026, 6, 3, 17, 15, tzinfo=TOKYO)
        assert selectors.open_state(service, hours, closing) == "closed"

    def test_it_counts_in_tokyo_time_whatever_the_clock_zone(self):
        service = Service(is_24_hours=False)
        hours = [self.schedule(opens_at=datetime.time(8, 30), closes_at=datetime.time(17, 15))]
        # 01:00 UTC on Wednesday is 10:00 in Tokyo
        utc = datetime.datetime(2026, 6, 3, 1, 0, tzinfo=datetime.UTC)
        assert selectors.open_state(service, hours, utc) == "open"

    def test_a_24_hour_service_is_always_open(self):
        assert selectors.open_state(Service(is_24_hours=True), [], SATURDAY_NOON) == "open"
        always = [Schedule(byday="", is_24_hours=True)]
        assert selectors.open_state(Service(), always, WEDNESDAY_NIGHT) == "open"

    def test_no_schedule_or_no_times_is_unconfirmed(self):
        assert selectors.open_state(Service(), [], WEDNESDAY_NOON) == "unknown"
        assert selectors.open_state(Service(), [self.schedule()], WEDNESDAY_NOON) == "unknown"
        no_days = [Schedule(byday="", opens_at=datetime.time(9), closes_at=datetime.time(17))]
        assert selectors.open_state(Service(), no_days, WEDNESDAY_NOON) == "unknown"

    def test_an_overnight_line_is_open_after_midnight_of_a_listed_day(self):
        night = [Schedule(byday="WE", opens_at=datetime.time(20), closes_at=datetime.time(8))]
        assert selectors.open_state(Service(), night, WEDNESDAY_NIGHT) == "open"
        thursday_early = datetime.datetime(2026, 6, 4, 3, 0, tzinfo=TOKYO)
        assert selectors.open_state(Service(), night, thursday_early) == "open"
        assert selectors.open_state(Service(), night, WEDNESDAY_NOON) == "closed"

    def test_a_schedule_outside_its_validity_does_not_open(self):
        hours = [
            self.schedule(
                opens_at=datetime.time(9),
                closes_at=datetime.time(17),
                valid_to=datetime.date(2026, 5, 31),
            )
        ]
        assert selectors.open_state(Service(), hours, WEDNESDAY_NOON) == "closed"

    def test_night_is_outside_8_30_to_17_15_or_on_weekends(self):
        assert not selectors.is_night(WEDNESDAY_NOON)
        assert selectors.is_night(WEDNESDAY_NIGHT)
        assert selectors.is_night(SATURDAY_NOON)
        assert selectors.is_night(datetime.datetime(2026, 6, 3, 8, 29, tzinfo=TOKYO))
        assert not selectors.is_night(datetime.datetime(2026, 6, 3, 8, 30, tzinfo=TOKYO))


def test_hours_lines_name_the_days():
    weekdays = Schedule(
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(17, 15),
        notes="祝日を除く",
    )
    assert selectors.hours_line(weekdays) == "月〜金 8:30〜17:15（祝日を除く）"
    assert selectors.hours_line(weekdays, long=True).startswith("月曜日〜金曜日")
    some = Schedule(byday="MO,WE,SA", opens_at=datetime.time(13), closes_at=datetime.time(16))
    assert selectors.hours_line(some) == "月・水・土 13:00〜16:00"
    every = Schedule(byday="MO,TU,WE,TH,FR,SA,SU", is_24_hours=True)
    assert selectors.hours_line(every) == "毎日 24時間"


def test_verification_is_stale_after_12_months():
    today = datetime.date(2026, 6, 3)
    assert selectors.verification(Service(), today) == "unconfirmed"
    assert selectors.verification(Service(last_verified_on=datetime.date(2025, 6, 3)), today) == (
        "recent"
    )
    assert selectors.verification(Service(last_verified_on=datetime.date(2025, 6, 2)), today) == (
        "stale"
    )
    assert selectors.months_before(datetime.date(2024, 2, 29), 12) == datetime.date(2023, 2, 28)


# --- home -------------------------------------------------------------------------------------


class TestHome:
    def test_it_asks_what_the_trouble_is_with_a_button_per_need_in_order(self, client, directory):
        content = text(client.get(url("index")))
        assert "どんなことで困っていますか" in content
        assert content.index("すむところ") < content.index("しごと") < content.index("はなしを")
        for code in ("housing", "work", "listen"):
            assert url("need", code=code) in content
        assert url("navigator") in content
        assert "保護司" in content and "紹介シート" in content

    def test_it_lists_the_24_hour_lines_with_tap_to_call_numbers(self, client, directory):
        content = text(client.get(url("index")))
        lines = content[content.index('id="around-the-clock"') :]
        assert "夜間こころの電話（架空）" in lines
        assert 'href="tel:0120000111"' in lines
        assert "住まいの相談窓口（架空）" not in lines

    def test_it_is_served_from_the_page_cache(self, client, directory):
        assert client.get(url("index"))["X-Tsunagu-Cache"] == "miss"
        assert client.get(url("index"))["X-Tsunagu-Cache"] == "hit"

    def test_the_site_navigation_leads_here_first(self, client, city):
        content = text(client.get(reverse("plans:overview", kwargs={"lg": "testcity"})))
        nav = content[content.index('class="site-nav"') :]
        assert nav.index(url("index")) < nav.index(reverse("plans:overview", args=["testcity"]))
        assert "相談窓口をさがす" in nav

    def test_another_local_governments_slug_404s(self, client, directory):
        assert client.get(reverse("help:index", kwargs={"lg": "nowhere"})).status_code == 404


# --- a need -----------------------------------------------------------------------------------


class TestNeed:
    def test_it_lists_the_public_services_of_the_need_only(self, client, directory):
        content = text(client.get(url("need", code="housing")))
        for shown in (directory.housing, directory.unconfirmed, directory.night_line):
            assert shown.name in content
        for hidden in (*directory.hidden, directory.other):
            assert hidden.name not in content
        assert "3件の窓口" in content

    def test_it_shows_phones_hours_address_organization_and_what_to_ask(self, client, directory):
        content = text(client.get(url("need", code="housing")))
        assert 'href="tel:0960000001"' in content
        assert "月〜金 8:30〜17:15（祝日・年末年始を除く）" in content
        assert "〒000-0000 架空県テスト市中央区架空町1丁目1-1" in content
        assert "住まい支援センター（架空）" in content
        card = content[content.index(directory.unconfirmed.name) :]
        assert "受付時間は電話でおたしかめください" in card
        assert "所在地は電話でおたしかめください" in card
        assert "電話番号の登録はありません" in card
        assert "未確認" not in content  # 未確認 is for the staff pages
        assert "架空" in card

    def test_it_says_what_is_open_now_in_tokyo(self, client, directory, at):
        at(WEDNESDAY_NOON)
        content = text(client.get(url("need", code="housing")))
        housing = content[content.index(directory.housing.name) :]
        assert "state-open" in housing.split("</article>")[0]
        unconfirmed = content[content.index(directory.unconfirmed.name) :]
        assert "open-state" not in unconfirmed.split("</article>")[0]  # no badge when unknown
        at(WEDNESDAY_NIGHT)
        content = text(client.get(url("need", code="housing")))
        housing = content[content.index(directory.housing.name) :]
        assert "受付時間外" in housing.split("</article>")[0]

    def test_it_puts_the_24_hour_lines_first_at_night(self, client, directory, at):
        services = [directory.housing, directory.unconfirmed, directory.night_line]
        at(WEDNESDAY_NOON)
        day = text(client.get(url("need", code="housing")))
        assert names_in_order(day, services)[0] == directory.housing.name
        assert "24時間の窓口を先に" not in day
        at(SATURDAY_NOON)
        weekend = text(client.get(url("need", code="housing")))
        assert names_in_order(weekend, services)[0] == directory.night_line.name
        assert "24時間の窓口を先に" in weekend

    def test_it_is_not_cached_because_open_now_changes(self, client, directory):
        client.get(url("need", code="housing"))
        assert "X-Tsunagu-Cache" not in client.get(url("need", code="housing"))

    def test_it_filters_by_ward(self, client, directory):
        content = text(client.get(url("need", code="housing"), {"ward": "東区"}))
        assert directory.unconfirmed.name in content
        assert directory.housing.name not in content
        assert '<option value="東区" selected>' in content

    def test_an_unknown_ward_shows_every_ward_with_a_note(self, client, directory):
        content = text(client.get(url("need", code="housing"), {"ward": "<b>北区</b>"}))
        assert "その区の窓口は見つかりませんでした" in content
        assert directory.housing.name in content
        assert "<b>北区" not in content

    def test_it_paginates_by_20(self, client, directory):
        for number in range(21):
            ServiceFactory(
                organization=directory.housing.organization,
                name=f"追加の窓口{number:02d}（架空）",
                position=100 + number,
                terms=[directory.needs["work"]],
            )
        first = text(client.get(url("need", code="work")))
        assert "21件の窓口" in first
        assert "追加の窓口19" in first and "追加の窓口20" not in first
        second = text(client.get(url("need", code="work"), {"page": 2}))
        assert "追加の窓口20" in second

    def test_an_unknown_need_404s(self, client, directory):
        assert client.get(url("need", code="nothing")).status_code == 404
        # a need of another local government is not this one's
        other = reverse("help:need", kwargs={"lg": "othercity", "code": "housing"})
        assert directory.housing.name not in text(client.get(other))

    def test_its_queries_do_not_grow_with_the_services(
        self, client, directory, django_assert_max_num_queries
    ):
        for _ in range(15):
            service = ServiceFactory(
                organization=directory.housing.organization,
                terms=[directory.needs["housing"]],
            )
            PhoneFactory(local_government=service.local_government, service=service)
            ScheduleFactory(local_government=service.local_government, service=service)
        with django_assert_max_num_queries(13):
            response = client.get(url("need", code="housing"))
        assert "18件の窓口" in text(response)


# --- a service --------------------------------------------------------------------------------


class TestService:
    def test_it_shows_everything_about_the_service(self, client, city, directory):
        content = text(client.get(url("service", pk=directory.housing.pk)))
        assert "<h1>住まいの相談窓口（架空）" in content
        assert 'href="tel:0960000001"' in content
        assert "ファクス 096-000-0002" in content
        assert "身分証明書を持ってきてください" in content
        assert (
            reverse("plans:measure_detail", kwargs={"lg": "testcity", "pk": city.measures[1].pk})
            in content
        )
        assert url("service_sheet", pk=directory.housing.pk) in content
        assert "令和2年（2020年）4月1日" in content
        assert "12か月以上確認されていません" in content

    def test_an_unverified_service_shows_no_date_and_no_badge(self, client, directory):
        content = text(client.get(url("service", pk=directory.unconfirmed.pk)))
        assert "最終確認日" not in content
        assert "未確認" not in content
        assert "12か月以上" not in content

    @pytest.mark.parametrize("which", ["draft", "inactive", "unpublished organization", "other"])
    def test_a_service_the_public_may_not_see_404s(self, client, directory, which):
        service = {
            "draft": directory.hidden[0],
            "inactive": directory.hidden[1],
            "unpublished organization": directory.hidden[2],
            "other": directory.other,
        }[which]
        assert client.get(url("service", pk=service.pk)).status_code == 404
        assert client.get(url("service_sheet", pk=service.pk)).status_code == 404


# --- display options -------------------------------------------------------------------------


class TestDisplayOptions:
    def test_yasashii_mode_shows_short_sentences_with_furigana(self, client, directory):
        content = text(client.get(url("service", pk=directory.housing.pk), {"yasashii": "1"}))
        assert "すむ ところの そうだんが できます。" in content  # the plain description
        assert "<ruby>電話<rt>でんわ</rt></ruby>" in content
        assert "<ruby>月曜日<rt>げつようび</rt></ruby>" in content  # days spelled out
        assert 'class="help-portal yasashii"' in content

    def test_without_a_plain_description_the_description_is_cut_into_sentences(
        self, client, directory
    ):
        directory.housing.plain_description = ""
        directory.housing.save()
        content = text(client.get(url("service", pk=directory.housing.pk), {"yasashii": "1"}))
        assert (
            "<li><ruby>家賃<rt>やちん</rt></ruby>や<ruby>入居<rt>にゅうきょ</rt></ruby>の"
            in content
        )

    def test_the_options_are_kept_in_links(self, client, directory):
        response = client.get(url("index"), {"yasashii": "1", "text": "large", "contrast": "high"})
        content = text(response)
        assert 'class="help-portal yasashii text-large contrast-high"' in content
        assert f"{url('need', code='housing')}?yasashii=1&amp;text=large&amp;contrast=high" in (
            content
        )
        # switching one option off says so (the cookie would keep it on) and keeps the others
        assert f'href="{url("index")}?yasashii=1&amp;text=normal&amp;contrast=high"' in content

    def test_the_ward_filter_keeps_the_options(self, client, directory):
        content = text(client.get(url("need", code="housing"), {"yasashii": "1"}))
        form = content[content.index('class="filters"') :]
        assert '<input type="hidden" name="yasashii" value="1">' in form.split("</form>")[0]


# --- search -----------------------------------------------------------------------------------


class TestSearch:
    def test_it_finds_public_services_by_words(self, client, directory):
        from directory.search.fulltext import reindex_services

        reindex_services()
        content = text(client.get(url("search"), {"q": "住まい"}))
        assert directory.housing.name in content
        assert directory.hidden[0].name not in content
        assert directory.other.name not in content
        assert 'href="tel:0960000001"' in content

    def test_an_empty_query_asks_for_words(self, client, directory):
        content = text(client.get(url("search")))
        assert "言葉を入れてください" in content

    def test_the_home_has_the_search_box(self, client, directory):
        content = text(client.get(url("index")))
        assert f'action="{url("search")}"' in content


# --- the referral sheet ----------------------------------------------------------------------


class TestReferralSheet:
    @pytest.mark.japanese_font
    def test_it_is_one_a4_page_with_the_japanese_font(self, client, directory):
        response = client.get(url("service_sheet", pk=directory.housing.pk))
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="testcity-help-' in response["Content-Disposition"]
        pdf = read_pdf(response.content)
        assert pdf.page_sizes == (A4_POINTS,)
        font = pdf.font_named("Noto-Sans-CJK-JP")
        assert font is not None and font.subset and font.embedded, pdf.fonts
        assert directory.housing.name in pdf.text.replace("\n", "")

    def test_a_service_with_long_texts_still_fits_one_page(self, client, directory):
        directory.housing.description = "相談に応じます。" * 200
        directory.housing.eligibility_description = "対象となる人の説明。" * 200
        directory.housing.application_process = "申し込みの手順。" * 300
        directory.housing.save()
        for number in range(4):
            PhoneFactory(
                local_government=directory.housing.local_government,
                service=directory.housing,
                number=f"096-000-10{number}0",
            )
        response = client.get(url("service_sheet", pk=directory.housing.pk))
        assert read_pdf(response.content).page_count == 1

    def test_its_html_holds_what_the_person_needs(self, directory):
        from directory.portal.referral import sheet_html

        card = selectors.service_card(
            selectors.service_detail(directory.housing.local_government, directory.housing.pk)
        )
        html = sheet_html(
            local_government=directory.housing.local_government,
            groups=[selectors.NeedGroup(None, [card])],
            today=datetime.date(2026, 6, 3),
        )
        for expected in (
            "住まいの相談窓口（架空）",
            "住まい支援センター（架空）",
            "電話 096-000-0001",
            "架空県テスト市中央区架空町1丁目1-1",
            "月〜金 8:30〜17:15",
            "身分証明書を持ってきてください",
            "紹介者（保護司など）:",
            "令和8年（2026年）6月3日",
        ):
            assert expected in html, expected
        assert "<script" not in html

    def test_missing_phone_and_hours_are_said_plainly_on_paper(self, directory):
        from directory.portal.referral import sheet_html

        card = selectors.service_card(
            selectors.service_detail(
                directory.unconfirmed.local_government, directory.unconfirmed.pk
            )
        )
        html = sheet_html(
            local_government=directory.unconfirmed.local_government,
            groups=[selectors.NeedGroup(None, [card])],
            today=datetime.date(2026, 6, 3),
        )
        # the person's paper says plainly what is not known; 未確認 is for the staff pages
        assert "未確認" not in html
        assert "電話番号は載っていません。" in html
        assert "受付時間は電話でおたしかめください" in html
