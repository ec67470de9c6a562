"""The anonymous aggregates (suppression under 5, by fiscal year) and the home flag of
overdue actions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.home import flags_for
from coordination.models import Case, Need, NeedArea, Referral, ReferralStatus
from coordination.support import aggregates as figures
from coordination.support.flags import home_flags
from coordination.tests.factories import CaseFactory, PersonFactory, ReferralFactory, member
from coordination.tests.factories_support import AssessmentFactory, OutcomeFactory, PlanItemFactory
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory

pytestmark = pytest.mark.django_db
FY = 2026
IN_YEAR = datetime.date(2026, 6, 1)


def test_a_count_under_5_is_suppressed_and_5_is_shown():
    assert figures.suppress(4).value is None
    assert figures.suppress(4).text == "5未満"
    assert figures.suppress(0).text == "5未満"
    assert (figures.suppress(5).value, figures.suppress(5).text) == (5, "5")
    assert figures.suppress(1234).text == "1,234"


@pytest.fixture
def body():
    return LocalGovernmentFactory()


def cases(body, count, **kwargs):
    return [
        CaseFactory(person=PersonFactory(local_government=body), opened_on=IN_YEAR, **kwargs)
        for _ in range(count)
    ]


def assess(case, **levels):
    assessment = AssessmentFactory(case=case, assessed_on=IN_YEAR)
    Need.objects.bulk_create(
        Need(assessment=assessment, area=area, level=levels.get(area, 0))
        for area in NeedArea.values
    )


def cell(table, label_part, column=0):
    return next(cells[column] for label, cells in table.rows if label_part in label)


class TestAggregates:
    @pytest.mark.parametrize("count", [4, 5])
    def test_people_needs_referrals_and_outcomes_at_4_and_5(self, body, count):
        supported = cases(body, count)
        for case in supported:
            assess(case, housing=2, work=1)
            ReferralFactory(
                case=case,
                area=NeedArea.HOUSING,
                status=ReferralStatus.COMPLETED,
                outcome=Referral.Outcome.SUCCESSFUL,
                sent_at=timezone.make_aware(datetime.datetime(2026, 7, 1)),
            )
            OutcomeFactory(case=case, achieved_on=IN_YEAR, kind="home_secured")
        data = figures.aggregates(body, FY)
        expected = count if count >= 5 else None
        assert data.people.value == expected
        assert cell(data.needs, "住居").value == expected
        assert cell(data.needs, "就労").value is None  # level 低い is not counted
        assert cell(data.referrals, "住居", 0).value == expected  # sent
        assert cell(data.referrals, "住居", figures.REFERRAL_PEOPLE).value == expected
        assert cell(data.referrals, "住居", figures.REFERRAL_SUCCESSFUL).value == expected
        assert data.referrals.columns[figures.REFERRAL_SUCCESSFUL] == "支援につながった"
        assert cell(data.outcomes, "住まいの確保").value == expected
        if count == 4:
            assert all(c.text == "5未満" for t in data.tables() for _l, cs in t.rows for c in cs)

    def test_the_year_counts_cases_open_during_it_and_the_latest_assessment(self, body):
        before = cases(body, 5)
        for case in before:
            case.opened_on = datetime.date(2025, 4, 1)
            case.save()
            assess(case, health_welfare=3)
            later = AssessmentFactory(case=case, assessed_on=datetime.date(2027, 4, 2))
            Need.objects.create(assessment=later, area="health_welfare", level=0)
        closed = cases(body, 3)
        Case.objects.filter(pk__in=[c.pk for c in closed]).update(
            opened_on=datetime.date(2024, 4, 1), closed_on=datetime.date(2026, 3, 31)
        )
        data = figures.aggregates(body, FY)
        assert data.people.value == 5
        assert cell(data.needs, "保健医療").value == 5  # the 2027 reassessment is after FY2026
        assert figures.aggregates(body, 2027).needs.rows[0][1][0].value is None

    def test_the_page_the_chart_and_the_csv_show_only_suppressed_figures(self, client, city):
        for case in cases(city.lg, 5):
            assess(case, work=3)
        for case in cases(city.lg, 2):
            assess(case, housing=3)
        client.force_login(city.users[Role.SECRETARIAT])
        page = client.get(reverse("support:aggregates"), {"year": FY})
        assert page.status_code == 200
        html = page.content.decode()
        assert "5未満" in html and 'data-chart="support-aggregates-chart"' in html
        chart = page.context["chart"]
        needs = chart["data"]["datasets"][0]["data"]
        labels = chart["data"]["labels"]
        assert needs[labels.index(figures.pillar_label("work"))] == 5
        assert needs[labels.index(figures.pillar_label("housing"))] is None
        csv = client.get(reverse("support:aggregates_csv"), {"year": FY}).getvalue().decode()
        assert "5未満" in csv and ",2\r\n" not in csv
        assert client.get(reverse("support:aggregates"), {"year": "x"}).status_code == 400

    def test_another_body_counts_nothing_here(self, client, city, body):
        cases(body, 7)
        client.force_login(city.users[Role.DEPARTMENT])
        page = client.get(reverse("support:aggregates"), {"year": FY})
        assert page.context["data"].people.value is None


class TestFlags:
    def test_the_owner_organization_sees_its_overdue_actions_in_one_query(
        self, world, django_assert_num_queries
    ):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        PlanItemFactory(case=world.case, owner_organization=world.other, due_on=yesterday)
        PlanItemFactory(
            case=world.case, owner_organization=world.other, due_on=yesterday, status="done"
        )
        PlanItemFactory(
            case=world.case, owner_organization=world.other, due_on=timezone.localdate()
        )
        PlanItemFactory(case=world.case, owner_organization=world.lead, due_on=yesterday)
        with django_assert_num_queries(1):
            flags = home_flags(world.other_user)
        assert [flag.count for flag in flags] == [1]
        assert flags[0].url == reverse("support:my_actions") + "?overdue=1"
        assert [flag.count for flag in home_flags(world.lead_user)] == [1]

    def test_a_withdrawn_consent_takes_the_flag_away(self, world):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        PlanItemFactory(case=world.case, owner_organization=world.other, due_on=yesterday)
        world.consent.withdrawn_at = timezone.now() - datetime.timedelta(minutes=1)
        world.consent.save()
        assert [flag for flag in flags_for(world.other_user) if "支援計画" in flag.label] == []

    def test_the_list_of_my_actions_shows_the_case_not_the_text(self, client, world):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        PlanItemFactory(
            case=world.case, owner_organization=world.other, due_on=yesterday, text="秘密（架空）"
        )
        client.force_login(member(world.other, Role.PARTNER))
        page = client.get(reverse("support:my_actions"), {"overdue": "1"}).content.decode()
        assert world.case.person.case_number in page and "期限切れ" in page
        assert "秘密（架空）" not in page
