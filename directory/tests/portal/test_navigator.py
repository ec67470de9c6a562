"""The needs navigator: a GET form whose answers are stored nowhere, results grouped by need
(services for the chosen audience and situation first), a shareable URL and a PDF sheet."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from core.testing.pdf import read_pdf
from directory.tests.portal_data import make_directory

NAVIGATOR = reverse("help:navigator", kwargs={"lg": "testcity"})
SHEET = reverse("help:navigator_sheet", kwargs={"lg": "testcity"})


@pytest.fixture
def directory(city):
    return make_directory(city)


def text(response):
    return response.content.decode()


def results(content):
    return content[content.index('id="results-heading"') : content.index('id="form-heading"')]


class TestForm:
    def test_the_empty_form_has_a_fieldset_per_question_and_no_results(self, client, directory):
        content = text(client.get(NAVIGATOR))
        assert 'method="get"' in content and 'method="post"' not in content
        assert content.count("<fieldset") == 3
        assert content.count("<legend>") == 3
        for code in ("housing", "work", "listen"):
            assert f'name="needs" value="{code}"' in content
        assert 'name="audience" value="self"' in content
        assert 'name="situation" value="probation"' in content
        assert '<select name="ward"' in content
        assert 'id="results-heading"' not in content

    def test_choices_have_labels(self, client, directory):
        content = text(client.get(NAVIGATOR))
        for match in re.finditer(r'<input type="(?:checkbox|radio)"[^>]*id="([^"]+)"', content):
            assert f'<label for="{match.group(1)}">' in content

    def test_no_need_chosen_is_a_clear_message_not_an_error(self, client, directory):
        response = client.get(NAVIGATOR, {"audience": "self"})
        assert response.status_code == 200
        content = text(response)
        assert "こまっている ことを 1つ 以上 えらんでください" in content
        assert 'id="results-heading"' not in content

    def test_a_tampered_choice_is_refused_without_a_500(self, client, directory):
        response = client.get(NAVIGATOR, {"needs": "<script>", "ward": "x"})
        assert response.status_code == 200
        content = text(response)
        assert 'role="alert"' in content
        assert "<script>" not in content


class TestResults:
    def test_they_are_grouped_by_the_chosen_needs(self, client, directory):
        content = results(text(client.get(NAVIGATOR, {"needs": ["housing", "listen"]})))
        housing, listen = content.split('<h3 class="need-group">')[1:]
        assert housing.startswith("住まい")
        assert directory.housing.name in housing and directory.unconfirmed.name in housing
        assert listen.startswith("話を聞いてほしい")
        assert directory.night_line.name in listen and directory.housing.name not in listen
        for hidden in (*directory.hidden, directory.other):
            assert hidden.name not in content

    def test_services_for_the_chosen_audience_come_first(self, client, directory):
        def order(audience):
            content = results(
                text(client.get(NAVIGATOR, {"needs": "housing", "audience": audience}))
            )
            names = [directory.housing.name, directory.unconfirmed.name, directory.night_line.name]
            return sorted(names, key=content.index)

        # 住まいの相談窓口 is for 本人, 家族のための居住支援 for 家族, the night line for anyone;
        # what can be called comes first (家族のための居住支援 has no phone)
        assert order("self") == [
            directory.housing.name,
            directory.night_line.name,
            directory.unconfirmed.name,
        ]
        assert order("family") == [
            directory.night_line.name,
            directory.housing.name,
            directory.unconfirmed.name,
        ]

    def test_the_ward_narrows_the_results(self, client, directory):
        content = results(text(client.get(NAVIGATOR, {"needs": "housing", "ward": "東区"})))
        assert directory.unconfirmed.name in content
        assert directory.housing.name not in content

    def test_a_need_without_services_says_so(self, client, directory):
        content = results(text(client.get(NAVIGATOR, {"needs": "work"})))
        assert "この困りごとの窓口は見つかりませんでした" in content

    def test_the_link_to_share_is_the_query_itself_and_the_sheet_has_the_same(
        self, client, directory
    ):
        content = text(client.get(NAVIGATOR, {"needs": "housing", "audience": "self"}))
        assert (
            'value="http://testserver/testcity/help/navigator/?needs=housing&amp;audience=self"'
            in (content)
        )
        assert f'href="{SHEET}?needs=housing&amp;audience=self"' in content

    def test_yasashii_mode_labels_the_choices_plainly(self, client, directory):
        content = text(client.get(NAVIGATOR, {"yasashii": "1"}))
        assert ">すむところ</label>" in content
        assert '<input type="hidden" name="yasashii" value="1">' in content

    def test_its_queries_do_not_grow_with_the_needs(
        self, client, directory, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(14):
            client.get(NAVIGATOR, {"needs": ["housing", "work", "listen"], "audience": "self"})


class TestNothingIsStored:
    def test_no_session_no_cookie_and_no_shared_cache(self, client, directory):
        response = client.get(
            NAVIGATOR, {"needs": "housing", "audience": "self", "situation": "probation"}
        )
        assert not response.cookies
        assert Session.objects.count() == 0
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "X-Tsunagu-Cache" not in response

    def test_the_answers_are_not_logged(self, client, directory, caplog):
        with caplog.at_level("DEBUG"):
            client.get(NAVIGATOR, {"needs": "housing", "situation": "probation"})
        assert "probation" not in caplog.text


class TestSheet:
    def test_it_is_a_pdf_of_the_same_results(self, client, directory):
        response = client.get(SHEET, {"needs": ["housing", "listen"], "audience": "self"})
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert read_pdf(response.content).page_count >= 1
        assert "no-store" in response["Cache-Control"]

    def test_its_short_html_names_each_service_once(self, directory, city):
        import datetime

        from directory import selectors
        from directory.portal.navigator import Answers
        from directory.portal.referral import sheet_html

        needs = [directory.needs["housing"], directory.needs["listen"]]
        groups = selectors.navigator_results(city.lg, needs)
        answers = Answers(needs=needs, audience=None, situation=None, ward="")
        html = sheet_html(
            local_government=city.lg,
            groups=groups,
            today=datetime.date(2026, 6, 3),
            answers=answers,
        )
        assert html.count("<h3>夜間こころの電話（架空）") == 1
        assert "相談したいこと: 住まい、話を聞いてほしい" in html  # it serves both
        assert "紹介者（保護司など）:" in html and "令和8年（2026年）6月3日" in html

    def test_an_incomplete_query_goes_back_to_the_form(self, client, directory):
        response = client.get(SHEET, {"audience": "self"})
        assert response.status_code == 302
        assert response["Location"] == f"{NAVIGATOR}?audience=self"
