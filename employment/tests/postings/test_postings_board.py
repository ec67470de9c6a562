"""Job postings: the lifecycle and its validation (the minimum wage above all), who sees (continued)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.fields.choice_masks import to_mask
from core.opendata import get_resource
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, open_workbook, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment import selectors
from employment.models import Employer, EmploymentType, Industry, JobPosting, Offence
from employment.tests.factories import EmployerFactory
from employment.tests.postings.helpers import YESTERDAY, form_data, other_employer, posting_of


class TestSupporters:
    @pytest.mark.parametrize("role", [Role.PARTNER, Role.VOLUNTEER, Role.DEPARTMENT])
    def test_they_read_published_postings_of_non_public_employers_but_no_drafts(
        self, client, city, employer, role
    ):
        hidden = other_employer(city, is_public=False)
        published = posting_of(hidden, title="非公開企業の求人（架空）")
        draft = posting_of(employer, status="draft", title="下書き（架空）")
        client.force_login(city.users[role])
        page = client.get(reverse("postings:index")).content.decode()
        assert "非公開企業の求人" in page and "非公開の企業" in page
        assert "下書き（架空）" not in page
        assert client.get(reverse("postings:detail", args=[published.pk])).status_code == 200
        assert client.get(reverse("postings:detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("postings:edit", args=[published.pk])).status_code == 403

    def test_they_see_the_excluded_offences(self, client, city, employer):
        posting = posting_of(employer, excluded_offences=to_mask(Offence, ["theft"]))
        client.force_login(city.users[Role.VOLUNTEER])
        page = client.get(reverse("postings:detail", args=[posting.pk])).content.decode()
        assert "窃盗" in page

    def test_their_list_filters_like_the_board(self, client, city, employer):
        posting_of(employer, title="寮つき（架空）", dormitory=True)
        posting_of(employer, title="寮なし（架空）")
        client.force_login(city.users[Role.PARTNER])
        page = client.get(reverse("postings:index"), {"housing": "on"}).content.decode()
        assert "寮つき" in page and "寮なし" not in page


class TestSecretariat:
    def test_it_writes_a_posting_for_any_approved_employer(self, client, city, secretariat):
        employer = other_employer(city)
        client.force_login(secretariat)
        response = client.post(reverse("postings:create"), form_data(employer=str(employer.pk)))
        assert response.status_code == 302
        assert JobPosting.objects.get().employer == employer

    def test_it_cannot_pick_an_employer_that_is_not_approved(self, client, city, secretariat):
        applied = EmployerFactory(local_government=city.lg, status=Employer.Status.APPLIED)
        client.force_login(secretariat)
        response = client.post(reverse("postings:create"), form_data(employer=str(applied.pk)))
        assert response.status_code == 200
        assert "employer" in response.context["form"].errors

    def test_another_local_governments_posting_is_404(self, client, city, secretariat):
        elsewhere = LocalGovernmentFactory()
        theirs = posting_of(EmployerFactory(local_government=elsewhere))
        client.force_login(secretariat)
        assert client.get(reverse("postings:detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("postings:close", args=[theirs.pk])).status_code == 404

    def test_the_list_sorts_filters_pages_and_exports(self, client, city, secretariat):
        employer = other_employer(city)
        for n in range(55):
            posting_of(employer, title=f"求人{n:02d}（架空）")
        client.force_login(secretariat)
        response = client.get(reverse("postings:index"), {"sort": "title"})
        titles = [posting.title for posting in response.context["page"]]
        assert titles[0] == "求人00（架空）" and len(titles) == 50
        assert response.context["sort_links"]["title"]["aria_sort"] == "ascending"
        second = client.get(reverse("postings:index"), {"sort": "title", "page": 2})
        assert len(second.context["page"]) == 5
        rows = client.get(reverse("postings:csv")).getvalue().decode("utf-8-sig").splitlines()
        assert len(rows) == 56
        xlsx = client.get(reverse("postings:xlsx"))
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = open_workbook(xlsx.getvalue())
        assert numeric_text_cells(workbook) == []
        assert unseparated_numbers(workbook, skip=frozenset({(workbook.active.title, "A")})) == []
        wages = [row[10] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(wage, int) for wage in wages)
        assert workbook.active["A2"].number_format == "0"  # an id, without separators


class TestBadInput:
    """A bad post never 500s: it is a form with messages."""

    @pytest.mark.parametrize(
        "bad",
        [
            {"wage_min": "abc"},
            {"wage_min": "99999999999999999999"},
            {"wage_min": "-5"},
            {"wage_max": "1"},
            {"industry": "nope"},
            {"employment_type": ""},
            {"ends_on": "2026-13-45"},
            {"ends_on": YESTERDAY.isoformat()},
            {"excluded_offences": ["nope"]},
            {"apply_via": ["mail"]},
            {"apply_via": []},
            {"openings": "0"},
            {"openings": "100000"},
            {"title": "x" * 500},
            {"title": ""},
            {"wage_form": "hourly", "wage_min": "1", "wage_max": ""},
        ],
    )
    def test_a_bad_post_is_a_form_with_messages(self, client, kumamoto_city, employer_user, bad):
        client.force_login(employer_user)
        response = client.post(reverse("postings:create"), form_data(**bad))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not JobPosting.objects.exists()

    def test_a_secretariat_post_with_a_bad_employer_is_a_message(self, client, city, secretariat):
        client.force_login(secretariat)
        for employer in ("abc", "999999999999", ""):
            response = client.post(reverse("postings:create"), form_data(employer=employer))
            assert response.status_code == 200
            assert "employer" in response.context["form"].errors

    def test_bad_list_parameters_are_dropped(self, client, city, secretariat):
        client.force_login(secretariat)
        for query in (
            {"sort": "nope", "status": "x", "industry": "y", "employer": "z", "page": "-1"},
            {"q": "a" * 500, "ward": "b" * 100},
        ):
            assert client.get(reverse("postings:index"), query).status_code == 200
            assert client.get(reverse("postings:csv"), query).status_code == 200

    def test_publish_and_close_refuse_a_get(self, client, city, employer, employer_user):
        posting = posting_of(employer)
        client.force_login(employer_user)
        assert client.get(reverse("postings:publish", args=[posting.pk])).status_code == 405
        assert client.get(reverse("postings:close", args=[posting.pk])).status_code == 405


def board(client, **query):
    return client.get(reverse("jobs:board", kwargs={"lg": "testcity"}), query)


class TestPublicBoard:
    def test_it_shows_only_published_unexpired_postings_of_public_approved_employers(
        self, client, city, employer
    ):
        shown = posting_of(employer, title="見える求人（架空）")
        posting_of(employer, title="下書きの求人（架空）", status="draft")
        posting_of(employer, title="終了した求人（架空）", status="closed")
        posting_of(employer, title="期限切れの求人（架空）", ends_on=YESTERDAY)
        posting_of(other_employer(city, is_public=False), title="非公開企業の求人（架空）")
        withdrawn = EmployerFactory(local_government=city.lg, status=Employer.Status.WITHDRAWN)
        posting_of(withdrawn, title="登録終了企業の求人（架空）")
        posting_of(EmployerFactory(local_government=LocalGovernmentFactory()), title="他市（架空）")
        response = board(client)
        assert list(response.context["page"]) == [shown]
        text = response.content.decode()
        assert "見える求人" in text
        for hidden in ("下書き", "終了した", "期限切れ", "非公開企業", "登録終了", "他市"):
            assert hidden not in text
        for posting in JobPosting.objects.exclude(pk=shown.pk):
            url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
            assert client.get(url).status_code == 404

    def test_it_filters_by_industry_ward_type_housing_probation_and_words(
        self, client, city, employer
    ):
        construction = posting_of(employer, title="建設（架空）", ward="北区")
        care = posting_of(
            employer,
            title="介護（架空）",
            industry=Industry.MEDICAL_WELFARE,
            employment_type=EmploymentType.PART_TIME,
            company_housing=True,
            probation_welcome=False,
            description="施設での入浴の介助です。",
        )

        def found(**query):
            return set(board(client, **query).context["page"])

        assert found() == {construction, care}
        assert found(industry="medical_welfare") == {care}
        assert found(ward="北区") == {construction}
        assert found(employment_type="part_time") == {care}
        assert found(housing="1") == {care}
        assert found(probation="1") == {construction}
        assert found(q="入浴") == {care}
        assert found(q="入浴 建設") == set()

    def test_it_pages(self, client, city, employer):
        for n in range(25):
            posting_of(employer, title=f"求人{n}（架空）")
        first = board(client, housing="")
        assert len(first.context["page"]) == 20
        second = board(client, page="2", industry="construction")
        assert len(second.context["page"]) == 5
        assert "industry=construction" in second.content.decode()

    def test_bad_filters_never_fail_the_page(self, client, city, employer):
        posting_of(employer)
        for query in (
            {"industry": "nope"},
            {"employment_type": "x" * 300},
            {"q": "y" * 1000},
            {"page": "abc"},
            {"housing": "maybe", "probation": "2"},
        ):
            assert board(client, **query).status_code == 200
        dropped = board(client, industry="nope", ward="中央区")
        assert "使えない条件があった" in dropped.content.decode()
        assert len(dropped.context["page"]) == 1  # the ward still applies

    def test_the_query_count_stays_the_same_as_postings_grow(
        self, client, city, employer, django_assert_num_queries
    ):
        posting_of(employer, ward="北区")
        board(client)  # warm up (the local government's slug, translations)
        with CaptureQueriesContext(connection) as few:
            board(client, housing="", page="1")
        second = EmployerFactory(local_government=city.lg)
        hidden = other_employer(city, is_public=False)
        for n in range(30):
            posting_of(second if n % 2 else employer, ward=f"区{n % 3}", dormitory=n % 2 == 0)
            posting_of(hidden)
        with django_assert_num_queries(len(few.captured_queries)):
            response = board(client, housing="", page="1")
        assert len(response.context["page"]) == 20
        with django_assert_num_queries(len(few.captured_queries)):
            board(client, housing="1", ward="区1", q="作業", page="1")

    def test_the_public_page_never_lists_the_excluded_offences(self, client, city, employer):
        posting = posting_of(
            employer, excluded_offences=to_mask(Offence, ["theft", "sexual"]), message="歓迎"
        )
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url).content.decode()
        assert "応募の前に保護司などにご相談ください" in text
        assert "窃盗" not in text and "性犯罪" not in text
        plain = posting_of(employer)
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": plain.pk})
        assert "応募の前に保護司などにご相談ください" not in client.get(url).content.decode()

    def test_the_posting_says_how_to_apply(self, client, city, employer):
        posting = posting_of(
            employer,
            apply_via_volunteer=False,
            apply_via_probation_office=True,
            apply_via_hello_work=True,
        )
        for name in ("jobs:posting", "jobs:posting_print"):
            url = reverse(name, kwargs={"lg": "testcity", "pk": posting.pk})
            text = client.get(url).content.decode()
            assert "保護観察所の担当の人に相談してください。" in text
            assert "ハローワークの窓口で" in text
            assert "保護司に「この求人に応募したい」" not in text
            assert f"求人番号は {posting.pk} です" in text

    def test_the_printable_posting_is_a4_friendly(self, client, city, employer, settings):
        posting = posting_of(employer)
        url = reverse("jobs:posting_print", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url).content.decode()
        assert "print-sheet" in text and "css/jobs.css" in text
        css = (settings.BASE_DIR / "static" / "css" / "jobs.css").read_text(encoding="utf-8")
        assert "@page { size: A4;" in css

    def test_plain_japanese_mode_adds_furigana(self, client, city, employer):
        posting = posting_of(employer, title="倉庫作業（架空）")
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url, {"yasashii": "1"}).content.decode()
        assert "<ruby>" in text

    def test_the_public_nav_links_to_the_board(self, client, city):
        text = client.get(reverse("help:index", kwargs={"lg": "testcity"})).content.decode()
        assert reverse("jobs:board", kwargs={"lg": "testcity"}) in text
        assert "仕事をさがす" in text

    def test_the_board_links_to_the_industry_gap(self, client, city):
        text = client.get(reverse("jobs:board", kwargs={"lg": "testcity"})).content.decode()
        assert reverse("jobs_gap:index", kwargs={"lg": "testcity"}) in text

    def test_the_selector_takes_a_dict_of_filters(self, city, employer):
        shown = posting_of(employer, dormitory=True)
        posting_of(employer)
        assert list(selectors.public_postings(city.lg, {"housing": True})) == [shown]
        assert list(selectors.public_postings(city.lg, {"industry": "transport"})) == []


class TestApi:
    def test_it_lists_and_shows_public_postings_only(self, client, city, employer):
        shown = posting_of(employer, excluded_offences=to_mask(Offence, ["drugs"]))
        posting_of(employer, status="draft")
        hidden = posting_of(other_employer(city, is_public=False))
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        data = client.get(url).json()
        assert data["count"] == 1
        item = data["results"][0]
        assert item["id"] == shown.pk
        assert item["has_excluded_offences"] is True
        assert "excluded_offences" not in item
        assert item["apply_via"] == ["volunteer", "probation_office"]
        assert item["url"].endswith(f"/testcity/jobs/{shown.pk}/")
        detail = reverse("jobs_api:posting_detail", kwargs={"lg": "testcity", "pk": shown.pk})
        assert client.get(detail).json()["title"] == shown.title
        hidden_url = reverse("jobs_api:posting_detail", kwargs={"lg": "testcity", "pk": hidden.pk})
        assert client.get(hidden_url).status_code == 404

    def test_it_filters_and_refuses_bad_filters(self, client, city, employer):
        posting_of(employer, dormitory=True)
        posting_of(employer)
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        assert client.get(url, {"housing": "true"}).json()["count"] == 1
        assert client.get(url, {"limit": 1}).json()["next"]
        response = client.get(url, {"industry": "nope"})
        assert response.status_code == 400
        assert "industry" in response.json()

    def test_it_is_read_only(self, client, city):
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        assert client.post(url, {}).status_code == 405

    def test_the_openapi_schema_describes_it(self, client, db):
        import yaml

        schema = yaml.safe_load(client.get(reverse("api_schema")).content)
        assert "/api/v1/{lg}/jobs/" in schema["paths"]
        assert "/api/v1/{lg}/jobs/{id}/" in schema["paths"]
        parameters = {p["name"] for p in schema["paths"]["/api/v1/{lg}/jobs/"]["get"]["parameters"]}
        assert {"industry", "ward", "employment_type", "housing", "probation"} <= parameters


class TestOpenData:
    def test_the_resource_holds_public_postings_only(self, client, city, employer):
        shown = posting_of(employer, title="公開（架空）", dormitory=True)
        posting_of(employer, status="draft")
        posting_of(other_employer(city, is_public=False))
        rows = list(get_resource("job_postings").rows(city.lg))
        assert [row["id"] for row in rows] == [shown.pk]
        assert rows[0]["dormitory"] is True
        url = reverse("opendata:resource", kwargs={"lg": "testcity", "name": "job_postings"})
        response = client.get(url)
        text = (
            b"".join(response.streaming_content).decode()
            if response.streaming
            else (response.content.decode())
        )
        assert "公開（架空）" in text

    def test_the_descriptor_lists_the_resource(self, client, city):
        url = reverse("opendata:descriptor", kwargs={"lg": "testcity"})
        names = [resource["name"] for resource in json.loads(client.get(url).content)["resources"]]
        assert "job_postings" in names
