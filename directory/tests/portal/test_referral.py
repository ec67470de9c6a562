"""The navigator's referral sheet: one A4 page of the few best windows by default (those a
person can call first, every chosen need represented, never a service for employers or
between professionals), each with what to say when calling and a line for notes; the whole
list only with full=1. Page counts are read from the real PDF (core.testing.pdf)."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pdf import read_pdf
from directory import selectors
from directory.models import Reach
from directory.portal.navigator import Answers
from directory.portal.referral import SHORT_SHEET_SERVICES, pick, sheet_html, what_to_say
from directory.tests.factories import OrganizationFactory, PhoneFactory, ServiceFactory
from directory.tests.portal_data import make_directory

SHEET = reverse("help:navigator_sheet", kwargs={"lg": "testcity"})
NAVIGATOR = reverse("help:navigator", kwargs={"lg": "testcity"})
TODAY = datetime.date(2026, 6, 3)

pytestmark = pytest.mark.japanese_font


@pytest.fixture
def directory(city):
    """The portal's directory, with many more windows: 8 per need with a phone, one housing
    window without a phone placed first, one for employers and one between professionals."""
    data = make_directory(city)
    lg = city.lg
    organization = OrganizationFactory(local_government=lg, name="相談の会（架空）")
    for code in ("housing", "work", "listen"):
        for number in range(8):
            service = ServiceFactory(
                organization=organization,
                name=f"{data.needs[code].name}の窓口{number}（架空）",
                description="相談に応じます。" * 20,
                eligibility_description="どなたでも。" * 20,
                application_process="電話で予約してください。" * 20,
                position=10 + number,
                terms=[data.needs[code]],
            )
            PhoneFactory(local_government=lg, service=service, number=f"096-111-{number:02d}00")
    data.no_phone = ServiceFactory(
        organization=organization,
        name="電話のない住まいの窓口（架空）",
        position=0,
        terms=[data.needs["housing"]],
    )
    data.for_employers = ServiceFactory(
        organization=organization,
        name="事業所向けの住まいの支援（架空）",
        position=0,
        reach=Reach.EMPLOYER,
        terms=[data.needs["housing"], data.needs["work"]],
    )
    data.between_professionals = ServiceFactory(
        organization=organization,
        name="関係機関どうしの調整（架空）",
        position=0,
        reach=Reach.PROFESSIONAL,
        terms=[data.needs["housing"]],
    )
    for service in (data.for_employers, data.between_professionals):
        PhoneFactory(local_government=lg, service=service, number="096-999-0000")
    return data


def answers_for(directory, *codes, audience=None):
    return Answers(
        needs=[directory.needs[code] for code in codes],
        audience=directory.audiences[audience] if audience else None,
        situation=None,
        ward="",
    )


def groups_for(city, answers):
    return selectors.navigator_results(
        city.lg, answers.needs, audience=answers.audience, situation=answers.situation
    )


def flat(pdf_text: str) -> str:
    return pdf_text.replace("\n", "")


class TestTheShortSheet:
    def test_it_is_one_a4_page_for_several_needs(self, client, directory):
        response = client.get(SHEET, {"needs": ["housing", "work", "listen"], "audience": "self"})
        assert response.status_code == 200
        pdf = read_pdf(response.content)
        assert pdf.page_count == 1
        assert pdf.page_sizes == ((595, 842),)
        assert flat(pdf.text).count("電話で伝えること") == SHORT_SHEET_SERVICES
        assert flat(pdf.text).count("メモ") == SHORT_SHEET_SERVICES

    def test_every_chosen_need_has_a_window_even_the_last(self, directory, city):
        answers = answers_for(directory, "housing", "work", "listen")
        cards = pick(groups_for(city, answers), SHORT_SHEET_SERVICES, answers)
        needs_served = {
            term.code for card in cards for term in card.terms if term.taxonomy.kind == "need"
        }
        assert {"housing", "work", "listen"} <= needs_served
        assert len({card.service.pk for card in cards}) == len(cards) == SHORT_SHEET_SERVICES

    def test_windows_with_a_phone_come_before_those_without(self, directory, city):
        answers = answers_for(directory, "housing")
        cards = pick(groups_for(city, answers), SHORT_SHEET_SERVICES, answers)
        assert directory.no_phone.pk not in {card.service.pk for card in cards}
        assert all(card.voice_phones for card in cards)

    def test_a_window_without_a_phone_is_still_listed_when_nothing_else_is(self, city):
        data = make_directory(city)
        service = ServiceFactory(
            organization=OrganizationFactory(local_government=city.lg),
            name="電話のない仕事の窓口（架空）",
            terms=[data.needs["work"]],
        )
        answers = answers_for(data, "work")
        cards = pick(groups_for(city, answers), SHORT_SHEET_SERVICES, answers)
        assert [card.service.pk for card in cards] == [service.pk]

    def test_windows_made_for_others_come_last(self, directory, city):
        answers = answers_for(directory, "housing", audience="self")
        cards = pick(groups_for(city, answers), 50, answers)
        order = [card.service.pk for card in cards]
        assert order[0] == directory.housing.pk  # made for 本人
        assert order[-1] == directory.unconfirmed.pk  # made for 家族 only, and no phone

    def test_employer_and_professional_services_are_never_on_it(self, client, directory):
        for query in ({}, {"full": "1"}):
            response = client.get(SHEET, {"needs": ["housing", "work"], **query})
            text = flat(read_pdf(response.content).text)
            assert "事業所向けの住まいの支援" not in text
            assert "関係機関どうしの調整" not in text

    def test_it_says_what_to_say_from_the_answers_only(self, directory, city):
        answers = answers_for(directory, "housing", "listen", audience="self")
        html = sheet_html(
            local_government=city.lg, groups=groups_for(city, answers), today=TODAY, answers=answers
        )
        assert (
            "「＿＿＿＿＿＿の紹介で電話しました」　相談したいこと: 住まい、話を聞いてほしい" in html
        )
        assert "メモ" in html and "紹介者（保護司など）:" in html
        assert "令和8年（2026年）6月3日" in html

    def test_a_family_member_says_it_is_about_the_family(self, directory):
        say = what_to_say(
            [directory.needs["housing"]], answers_for(directory, "housing", audience="family")
        )
        assert say == "「＿＿＿＿＿＿の紹介で、家族のことで電話しました」　相談したいこと: 住まい"

    def test_long_texts_still_fit_one_page(self, client, directory):
        for service in selectors.public_services(directory.housing.local_government):
            service.name = "とても長い名前の相談窓口（架空）" * 4
            service.save()
        response = client.get(SHEET, {"needs": ["housing", "work", "listen"]})
        assert read_pdf(response.content).page_count == 1


class TestTheFullList:
    def test_it_is_printed_only_when_asked_and_is_longer(self, client, directory):
        query = {"needs": ["housing", "work", "listen"], "audience": "self"}
        short = read_pdf(client.get(SHEET, query).content)
        full = read_pdf(client.get(SHEET, {**query, "full": "1"}).content)
        assert full.page_count > short.page_count == 1
        assert "住まいの窓口7（架空）" in flat(full.text)
        assert "住まいの窓口7（架空）" not in flat(short.text)
        assert "電話のない住まいの窓口（架空）" in flat(full.text)

    def test_its_html_names_a_service_again_rather_than_repeating_it(self, directory, city):
        answers = answers_for(directory, "housing", "listen")
        html = sheet_html(
            local_government=city.lg,
            groups=groups_for(city, answers),
            today=TODAY,
            answers=answers,
            full=True,
        )
        assert html.count("<h3>夜間こころの電話（架空）") == 1
        assert "上にも載せている窓口: 夜間こころの電話（架空）" in html

    def test_the_navigator_offers_both(self, client, directory):
        content = client.get(NAVIGATOR, {"needs": "housing"}).content.decode()
        assert f'href="{SHEET}?needs=housing"' in content
        assert f'href="{SHEET}?needs=housing&amp;full=1"' in content
        assert "すべての窓口を印刷" in content


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_a_young_person_out_of_school_gets_cocon_on_one_page(client, kumamoto, monkeypatch, night):
    """Kumamoto's package lists 熊本県子ども・若者総合相談センター (COCON) under 学び for a
    少年; the 30-window cap once spent itself on the first needs and left it out."""
    # the hour of printing does not choose the windows (at night the portal's lists put the
    # 24-hour lines first; the sheet is kept to call later)
    monkeypatch.setattr(selectors, "is_night", lambda now=None: night)
    url = reverse("help:navigator_sheet", kwargs={"lg": "kumamoto"})
    query = {"needs": ["work", "learning"], "audience": "self", "situation": "juvenile"}
    pdf = read_pdf(client.get(url, query).content)
    assert pdf.page_count == 1
    assert "熊本県子ども・若者総合相談センター" in flat(pdf.text)
    several = {"needs": ["housing", "work", "money", "health", "listen"], "audience": "self"}
    assert read_pdf(client.get(url, several).content).page_count == 1
