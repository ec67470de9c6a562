"""The recruitment records: the secretariat records leaflets, sessions and candidates, links
them to the plan's measure (offered first when it speaks of 保護司), sees the totals per
fiscal year, downloads them; the department writing that measure's progress report sees the
year's records beside its form."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import RecruitmentActivity
from campaigns.tests.factories import RecruitmentActivityFactory
from core.roles import Role
from core.testing.audit import assert_audited
from pdca.tests.utils import open_cycle
from plans.tests.factories import MeasureFactory

LIST = reverse("volunteers:recruitment")
CREATE = reverse("volunteers:recruitment_create")


@pytest.fixture
def officers_measure(city):
    """A measure of the city's plan that speaks of 保護司 (its housing department reports)."""
    return MeasureFactory(
        area=city.areas[0],
        number=9,
        headings=["更生保護団体の活動支援（架空）"],
        body="保護司の人材確保を支援するため、市職員の退職予定者にパンフレットを配布します。",
        departments=[city.departments["housing"]],
    )


def _leaflets(city, measure=None, **extra):
    values = {
        "local_government": city.lg,
        "kind": RecruitmentActivity.Kind.LEAFLETS,
        "held_on": datetime.date(2021, 6, 1),
        "count": 120,
        "measure": measure,
    }
    return RecruitmentActivityFactory(**{**values, **extra})


def test_the_form_offers_the_measures_that_speak_of_officers_first(client, city, officers_measure):
    client.force_login(city.users[Role.SECRETARIAT])
    text = client.get(CREATE).content.decode()
    suggested = text.index('label="保護司にふれている取組"')
    others = text.index('label="その他の取組"')
    assert suggested < text.index("更生保護団体の活動支援（架空）") < others


def test_the_secretariat_records_leaflets_for_a_measure(client, city, officers_measure):
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(
        CREATE,
        {
            "kind": "leaflets",
            "held_on": "2021-06-01",
            "audience": "定年退職予定の市職員",
            "count": "150",
            "measure": str(officers_measure.pk),
            "note": "",
        },
    )
    assert response.status_code == 302
    activity = RecruitmentActivity.objects.get()
    assert activity.measure == officers_measure
    assert activity.local_government == city.lg
    assert activity.created_by == city.users[Role.SECRETARIAT]
    assert_audited(
        action="campaigns.recruitment_create",
        actor=city.users[Role.SECRETARIAT],
        obj=activity,
        changes={
            "kind": "leaflets",
            "held_on": "2021-06-01",
            "audience": "定年退職予定の市職員",
            "count": 150,
            "measure": str(officers_measure),
            "note": "",
        },
    )


def test_another_bodys_measure_cannot_be_chosen(client, city, other_city):
    from plans.tests.factories import AreaFactory, PillarFactory, PlanFactory

    plan = PlanFactory(local_government=other_city.lg, key="other")
    area = AreaFactory(pillar=PillarFactory(plan=plan, number=1))
    foreign = MeasureFactory(area=area, body="保護司の確保（よそ市・架空）")
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(
        CREATE, {"kind": "session", "held_on": "2021-06-01", "count": "3", "measure": foreign.pk}
    )
    assert response.status_code == 400
    assert not RecruitmentActivity.objects.exists()


def test_the_list_totals_each_kind_per_fiscal_year(client, city):
    _leaflets(city, held_on=datetime.date(2021, 6, 1), count=120)
    _leaflets(city, held_on=datetime.date(2022, 3, 31), count=30)  # still 令和3年度
    _leaflets(city, held_on=datetime.date(2022, 4, 1), count=7)  # 令和4年度
    _leaflets(city, kind=RecruitmentActivity.Kind.SESSION, count=12)
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get(LIST)
    totals = {
        (year.fiscal_year, total.kind): (total.records, total.count)
        for year in response.context["totals"]
        for total in year.kinds
    }
    assert totals == {
        (2021, "leaflets"): (2, 150),
        (2021, "session"): (1, 12),
        (2022, "leaflets"): (1, 7),
    }


def test_the_list_filters_by_fiscal_year_and_the_csv_follows(client, city):
    _leaflets(city, held_on=datetime.date(2021, 6, 1), audience="退職予定者A（架空）")
    _leaflets(city, held_on=datetime.date(2022, 6, 1), audience="退職予定者B（架空）")
    client.force_login(city.users[Role.SECRETARIAT])
    text = client.get(LIST, {"fiscal_year": "2022"}).content.decode()
    assert "退職予定者B" in text and "退職予定者A" not in text
    csv = b"".join(
        client.get(reverse("volunteers:recruitment_csv"), {"fiscal_year": "2022"}).streaming_content
    ).decode("utf-8-sig")
    assert "退職予定者B" in csv and "退職予定者A" not in csv
    assert "令和4年度" in csv


def test_junk_filters_show_everything(client, city):
    _leaflets(city)
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get(
        LIST, {"fiscal_year": "２０２１", "kind": "x", "sort": "evil", "page": "-1"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_the_secretariat_edits_and_deletes_a_record(client, city):
    activity = _leaflets(city)
    client.force_login(city.users[Role.SECRETARIAT])
    edit = reverse("volunteers:recruitment_edit", args=[activity.pk])
    response = client.post(
        edit, {"kind": "candidates", "held_on": "2021-07-01", "count": "2", "audience": ""}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.count) == ("candidates", 2)
    client.post(reverse("volunteers:recruitment_delete", args=[activity.pk]))
    assert not RecruitmentActivity.objects.exists()
    assert_audited(
        action="campaigns.recruitment_delete",
        actor=city.users[Role.SECRETARIAT],
        obj=activity,  # still holds its id: the entry keeps what was deleted
        changes_include={"kind": "candidates", "held_on": "2021-07-01", "count": 2},
    )


def test_another_bodys_record_is_not_found(client, city, other_city):
    activity = _leaflets(city)
    client.force_login(other_city.users[Role.SECRETARIAT])
    assert client.get(reverse("volunteers:recruitment_edit", args=[activity.pk])).status_code == 404
    response = client.post(reverse("volunteers:recruitment_delete", args=[activity.pk]))
    assert response.status_code == 404
    assert RecruitmentActivity.objects.filter(pk=activity.pk).exists()


def test_the_department_sees_the_years_records_beside_its_report(client, city, officers_measure):
    _leaflets(city, officers_measure, held_on=datetime.date(2021, 6, 1), count=120)
    _leaflets(city, officers_measure, held_on=datetime.date(2021, 11, 1), count=30)
    _leaflets(
        city,
        officers_measure,
        kind=RecruitmentActivity.Kind.SESSION,
        held_on=datetime.date(2021, 9, 1),
        count=14,
        audience="退職予定者向け説明会（架空）",
    )
    _leaflets(city, officers_measure, held_on=datetime.date(2022, 4, 1), count=999)  # next year
    _leaflets(city, None, held_on=datetime.date(2021, 6, 2), count=777)  # no measure
    cycle = open_cycle(city, year=2021)
    report = cycle.reports.get(measure=officers_measure)
    client.force_login(city.users[Role.DEPARTMENT])
    text = client.get(reverse("pdca:report_edit", args=[report.pk])).content.decode()
    assert "令和3年度（2021年度）に記録された実績" in text
    assert "チラシの配布: <strong>150部</strong>" in text
    assert "説明会: <strong>14人</strong>" in text
    assert "退職予定者向け説明会（架空）" in text
    assert "999" not in text and "777" not in text
    assert reverse("volunteers:recruitment") not in text  # the department cannot open it


def test_a_report_of_another_measure_shows_no_records(client, city, officers_measure):
    _leaflets(city, officers_measure)
    cycle = open_cycle(city, year=2021)
    report = cycle.reports.get(measure=city.measures[1])
    client.force_login(city.users[Role.DEPARTMENT])
    text = client.get(reverse("pdca:report_edit", args=[report.pk])).content.decode()
    assert "に記録された実績" not in text
