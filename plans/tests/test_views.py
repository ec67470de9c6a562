"""Public plan pages show the plan as a reader expects; staff editing works through forms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from core.testing.audit import assert_audited
from plans.models import Department, Measure, Plan


def get(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class TestKumamotoPages:
    def test_the_overview_shows_period_philosophy_outcome_and_pillars(self, client, kumamoto):
        html = get(client, "plans:overview", lg="kumamoto")
        assert "令和3年度（2021年度）〜令和5年度（2023年度）" in html
        assert "犯罪や非行のない、だれもが安全で安心して暮らせる社会" in html
        assert "熊本市の刑法犯検挙人員中の再犯者数" in html
        assert "564人" in html and "450人以下" in html
        assert "令和元年（2019年）" in html
        for title in ["住居の確保に関する支援", "犯罪をした人等の特性に応じた指導・支援"]:
            assert title in html

    def test_a_pillar_page_lists_its_areas_measures_partners_and_indicators(self, client, kumamoto):
        html = get(client, "plans:pillar_detail", lg="kumamoto", number=2)
        assert "（1）民間住宅への入居支援" in html and "（2）公営住宅への入居支援" in html
        assert "セーフティネット住宅の登録促進" in html
        assert "熊本地方検察庁" in html  # a partner activity
        assert "住まいの満足度" in html  # its reference indicator
        assert html.count('class="measure-item"') == 13

    def test_a_measure_page_shows_headings_text_departments_and_the_repeat(self, client, kumamoto):
        repeated = Measure.objects.get(
            area__pillar__plan=kumamoto, area__pillar__number=3, area__number=1, number=10
        )
        html = get(client, "plans:measure_detail", lg="kumamoto", pk=repeated.pk)
        assert "〔住宅確保要配慮者への支援〕" in html
        assert "この取組は再掲です。" in html
        original = repeated.repeats
        assert reverse("plans:measure_detail", kwargs={"lg": "kumamoto", "pk": original.pk}) in html
        department = Department.objects.get(
            local_government=kumamoto.local_government, name="保護管理援護課"
        )
        assert (
            reverse("plans:department_detail", kwargs={"lg": "kumamoto", "pk": department.pk})
            in html
        )

    def test_a_department_page_lists_its_measures_across_pillars(self, client, kumamoto):
        department = Department.objects.get(
            local_government=kumamoto.local_government, name="生活安全課"
        )
        html = get(client, "plans:department_detail", lg="kumamoto", pk=department.pk)
        assert "096-328-2397" in html and 'href="tel:0963282397"' in html
        expected = Measure.objects.filter(assignments__department=department).count()
        assert html.count('class="measure-item"') == expected
        for pillar_number in (1, 3, 6):
            assert f"第{pillar_number}節" in html

    def test_a_parent_department_page_includes_the_measures_of_its_office(self, client, kumamoto):
        parent = Department.objects.get(
            local_government=kumamoto.local_government, name="経済政策課"
        )
        html = get(client, "plans:department_detail", lg="kumamoto", pk=parent.pk)
        assert "経済政策課（しごとづくり推進室）" in html
        assert html.count('class="measure-item"') >= 1

    def test_a_department_without_a_phone_in_the_plan_is_shown_as_unconfirmed(
        self, client, kumamoto
    ):
        department = Department.objects.get(
            local_government=kumamoto.local_government, name="各区福祉課"
        )
        html = get(client, "plans:department_detail", lg="kumamoto", pk=department.pk)
        assert "未確認" in html

    def test_partner_activities_are_grouped_by_organization(self, client, kumamoto):
        html = get(client, "plans:partner_list", lg="kumamoto")
        assert "更生保護法人 熊本自営会" in html
        assert "熊本市防犯協会" in html  # council member 1
        assert "熊本県警察本部 熊本市警察部" in html

    def test_the_indicator_list_shows_baselines_and_targets(self, client, kumamoto):
        html = get(client, "plans:indicator_list", lg="kumamoto")
        assert "8,311" in html and "9,000" in html
        assert "増加" in html and "減少" in html
        assert "令和元年度（2019年度）" in html

    def test_the_glossary_lists_the_footnotes(self, client, kumamoto):
        html = get(client, "plans:glossary", lg="kumamoto")
        assert "更生保護サポートセンター" in html


class TestSearch:
    @pytest.mark.parametrize("query", ["ｾｰﾌﾃｨﾈｯﾄ", "せーふてぃねっと", "セーフティネット"])
    def test_it_folds_kana_and_width(self, client, kumamoto, query):
        html = client.get(
            reverse("plans:search", kwargs={"lg": "kumamoto"}), {"q": query}
        ).content.decode()
        assert "セーフティネット住宅の登録促進" in html

    @pytest.mark.parametrize("query", ["safla", "SAFLANET", "ｓａｆｌａｎｅｔ"])
    def test_it_folds_full_width_latin_and_case(self, client, kumamoto, query):
        # The plan writes "Ｓａｆｌａｎｅｔ" in full width.
        html = client.get(
            reverse("plans:search", kwargs={"lg": "kumamoto"}), {"q": query}
        ).content.decode()
        assert "セーフティネット住宅の普及啓発" in html

    def test_it_finds_words_inside_longer_text(self, client, kumamoto):
        html = client.get(
            reverse("plans:search", kwargs={"lg": "kumamoto"}), {"q": "インターネットカフェ"}
        ).content.decode()
        assert "住宅確保要配慮者への支援" in html

    def test_every_term_must_match(self, client, kumamoto):
        url = reverse("plans:search", kwargs={"lg": "kumamoto"})
        both = client.get(url, {"q": "保護司　サポートセンター"}).content.decode()
        assert "見つかりませんでした" not in both
        none = client.get(url, {"q": "保護司 存在しない語"}).content.decode()
        assert "見つかりませんでした" in none

    def test_it_searches_department_names_too(self, client, kumamoto):
        html = client.get(
            reverse("plans:search", kwargs={"lg": "kumamoto"}), {"q": "しごとづくり推進室"}
        ).content.decode()
        assert "見つかりませんでした" not in html

    def test_an_htmx_request_gets_only_the_results(self, client, kumamoto):
        response = client.get(
            reverse("plans:search", kwargs={"lg": "kumamoto"}),
            {"q": "住宅"},
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        assert "<html" not in html and "measure-item" in html

    def test_results_are_paginated(self, client, kumamoto):
        url = reverse("plans:search", kwargs={"lg": "kumamoto"})
        html = client.get(url, {"q": "の"}).content.decode()
        assert html.count('class="measure-item"') == 20
        assert "次へ" in html
        page2 = client.get(url, {"q": "の", "page": "2"}).content.decode()
        assert page2.count('class="measure-item"') > 0


class TestPublication:
    def test_a_draft_plan_is_hidden_from_the_public_but_not_from_its_secretariat(
        self, client, city
    ):
        Plan.objects.filter(pk=city.plan.pk).update(status=Plan.Status.DRAFT)
        url = reverse("plans:overview", kwargs={"lg": "testcity"})
        assert client.get(url).status_code == 404
        client.force_login(city.users[Role.DEPARTMENT])
        assert client.get(url).status_code == 404
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.get(url)
        assert response.status_code == 200 and "作成中（非公開）" in response.content.decode()

    def test_another_local_governments_pages_do_not_mix_in(self, client, city, kumamoto):
        html = get(client, "plans:department_list", lg="testcity")
        assert "住宅政策課" in html and "こころの健康センター" not in html
        foreign = Measure.objects.filter(area__pillar__plan=kumamoto).first()
        response = client.get(
            reverse("plans:measure_detail", kwargs={"lg": "testcity", "pk": foreign.pk})
        )
        assert response.status_code == 404

    def test_an_unknown_local_government_is_not_found(self, client, db):
        assert client.get("/nowhere/plan/").status_code == 404


def count_queries(client, url):
    """Queries of a page as rendered (the page cache is bypassed by a fresh cache)."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("plans:overview", {}),
        ("plans:pillar_detail", {"number": 2}),
        ("plans:department_list", {}),
        ("plans:partner_list", {}),
        ("plans:indicator_list", {}),
    ],
)
def test_queries_per_page_do_not_grow_with_the_plan(client, city, kumamoto, name, kwargs):
    small = count_queries(client, reverse(name, kwargs={"lg": "testcity", **kwargs}))
    large = count_queries(client, reverse(name, kwargs={"lg": "kumamoto", **kwargs}))
    assert 0 < large == small


def test_department_and_search_pages_use_a_fixed_number_of_queries(client, city, kumamoto):
    small = Department.objects.get(local_government=city.lg, name="生活安全課")
    large = Department.objects.get(local_government=kumamoto.local_government, name="生活安全課")
    assert count_queries(
        client, reverse("plans:department_detail", kwargs={"lg": "testcity", "pk": small.pk})
    ) == count_queries(
        client, reverse("plans:department_detail", kwargs={"lg": "kumamoto", "pk": large.pk})
    )
    search = reverse("plans:search", kwargs={"lg": "kumamoto"})
    assert count_queries(client, search + "?q=住宅") == count_queries(client, search + "?q=の")


class TestPlanEditing:
    def test_the_editing_page_uses_a_fixed_number_of_queries(self, client, city, kumamoto):
        from conftest import make_role_users

        client.force_login(city.users[Role.SECRETARIAT])
        small = count_queries(client, reverse("plan_admin:index"))
        safety = Department.objects.get(
            local_government=kumamoto.local_government, name="生活安全課"
        )
        housing = Department.objects.get(
            local_government=kumamoto.local_government, name="住宅政策課"
        )
        users = make_role_users(
            kumamoto.local_government, secretariat_department=safety, own_department=housing
        )
        client.force_login(users[Role.SECRETARIAT])
        assert count_queries(client, reverse("plan_admin:index")) == small

    def test_the_secretariat_adds_a_measure_with_ordered_departments(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.post(
            reverse("plan_admin:measure_create"),
            {
                "area": city.areas[0].pk,
                "headings": "新しい見出し\n二つ目の見出し",
                "body": "新しい取組です。",
                "department_1": city.departments["safety"].pk,
                "department_2": city.departments["housing"].pk,
            },
        )
        assert response.status_code == 302
        measure = Measure.objects.get(body="新しい取組です。")
        assert measure.headings == ["新しい見出し", "二つ目の見出し"]
        assert [a.department_id for a in measure.assignments.order_by("position")] == [
            city.departments["safety"].pk,
            city.departments["housing"].pk,
        ]
        assert_audited(
            action="measure.create",
            actor=city.users[Role.SECRETARIAT],
            obj=measure,
            changes_include={
                "headings": {"before": None, "after": ["新しい見出し", "二つ目の見出し"]},
                "body": {"before": None, "after": "新しい取組です。"},
            },
        )

    def test_a_form_with_bad_input_says_what_is_wrong_and_saves_nothing(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.post(
            reverse("plan_admin:measure_create"),
            {
                "area": city.areas[0].pk,
                "body": "",
                "department_1": city.departments["safety"].pk,
                "department_2": city.departments["safety"].pk,
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "入力内容を確認してください。" in html
        assert "同じ担当課が2回選ばれています。" in html
        assert Measure.objects.count() == 3

    def test_a_department_of_another_city_cannot_be_assigned(self, client, city, kumamoto):
        client.force_login(city.users[Role.SECRETARIAT])
        foreign = Department.objects.get(
            local_government=kumamoto.local_government, name="生活安全課"
        )
        response = client.post(
            reverse("plan_admin:measure_edit", kwargs={"pk": city.measures[0].pk}),
            {"body": "変更", "department_1": foreign.pk},
        )
        assert response.status_code == 200
        assert (
            "正しく選択してください" in response.content.decode()
            or "選択" in response.content.decode()
        )
        city.measures[0].refresh_from_db()
        assert city.measures[0].body != "変更"

    def test_the_secretariat_edits_a_measure(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        url = reverse("plan_admin:measure_edit", kwargs={"pk": city.measures[2].pk})
        form = client.get(url).content.decode()
        assert "賃貸人の不安を解消します。" in form
        response = client.post(
            url,
            {
                "headings": "",
                "body": "賃貸人の不安を解消し、登録を促進します。",
                "department_1": city.departments["housing"].pk,
                "repeats": city.measures[1].pk,
            },
        )
        assert response.status_code == 302
        measure = Measure.objects.get(pk=city.measures[2].pk)
        assert measure.body == "賃貸人の不安を解消し、登録を促進します。"
        assert measure.repeats == city.measures[1]

    def test_another_citys_secretariat_cannot_reach_this_plan(self, client, city, kumamoto):
        from conftest import make_role_users

        kumamoto_safety = Department.objects.get(
            local_government=kumamoto.local_government, name="生活安全課"
        )
        kumamoto_housing = Department.objects.get(
            local_government=kumamoto.local_government, name="住宅政策課"
        )
        other = make_role_users(
            kumamoto.local_government,
            secretariat_department=kumamoto_safety,
            own_department=kumamoto_housing,
        )
        client.force_login(other[Role.SECRETARIAT])
        assert (
            client.get(
                reverse("plan_admin:measure_edit", kwargs={"pk": city.measures[0].pk})
            ).status_code
            == 404
        )
        response = client.post(
            reverse("plan_admin:measure_move", kwargs={"pk": city.measures[1].pk}),
            {"direction": "down"},
        )
        assert response.status_code == 404
        assert Measure.objects.get(pk=city.measures[1].pk).number == 1

    def test_moving_with_htmx_returns_the_area(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.post(
            reverse("plan_admin:measure_move", kwargs={"pk": city.measures[1].pk}),
            {"direction": "down"},
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("賃貸人の不安を解消します。") < html.index(
            "セーフティネット住宅の登録促進"
        )

    def test_moving_past_the_end_says_so(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.post(
            reverse("plan_admin:measure_move", kwargs={"pk": city.measures[2].pk}),
            {"direction": "down"},
            HTTP_HX_REQUEST="true",
        )
        assert "これ以上移動できません。" in response.content.decode()
        response = client.post(
            reverse("plan_admin:measure_move", kwargs={"pk": city.measures[2].pk}),
            {"direction": "sideways"},
        )
        assert response.status_code == 302

    def test_move_refuses_get(self, client, city):
        client.force_login(city.users[Role.SECRETARIAT])
        assert (
            client.get(
                reverse("plan_admin:measure_move", kwargs={"pk": city.measures[2].pk})
            ).status_code
            == 405
        )


@pytest.mark.parametrize(
    "path",
    [
        "/kumamoto/plan/pillars/99999999999999999999/",
        "/kumamoto/plan/measures/99999999999999999999/",
        "/kumamoto/plan/departments/9223372036854775808/",
        "/api/v1/kumamoto/measures/99999999999999999999/",
        "/kumamoto/plan/pillars/70000/",
    ],
)
def test_a_huge_number_in_a_url_is_not_found_not_an_error(client, kumamoto, path):
    assert client.get(path).status_code == 404


def test_huge_ids_in_forms_and_query_strings_are_messages_not_errors(client, city):
    huge = "99999999999999999999"
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(
        reverse("plan_admin:measure_create"),
        {"area": huge, "body": "x", "department_1": huge, "repeats": huge},
    )
    assert (
        response.status_code == 200 and "入力内容を確認してください。" in response.content.decode()
    )
    assert client.get(reverse("plan_admin:measure_create") + f"?area={huge}").status_code == 200
    search = reverse("plans:search", kwargs={"lg": "testcity"})
    assert client.get(search, {"q": "住宅", "page": huge}).status_code == 200
    assert Measure.objects.count() == 3
