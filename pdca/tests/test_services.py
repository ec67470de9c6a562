"""The reporting workflow: open, write, submit, return, resubmit, accept; who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from pdca import services
from pdca.indicators import services as indicator_services
from pdca.models import IndicatorValue, ProgressReport
from pdca.reports import services as report_services
from pdca.tests.utils import FILLED, housing_report, open_cycle, submitted_report
from plans.models import Plan
from plans.services import plan_start_next
from plans.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_opening_a_cycle_makes_one_report_per_measure_and_department(city):
    cycle = open_cycle(city)
    # measures: 1 (safety), 2 (housing), 3 (housing + safety)
    assert cycle.reports.count() == 4
    assert set(cycle.reports.values_list("status", flat=True)) == {"draft"}
    assert_audited(
        action="pdca.cycle_open",
        actor=city.users[Role.SECRETARIAT],
        obj=cycle,
        local_government=city.lg,
        changes={
            "fiscal_year": {"before": None, "after": cycle.fiscal_year},
            "deadline": {"before": None, "after": cycle.deadline.isoformat()},
            "reports": {"before": 0, "after": 4},
        },
    )


def test_a_cycle_is_opened_once_per_year_and_inside_the_plan_period(city):
    open_cycle(city)
    secretariat = city.users[Role.SECRETARIAT]
    with pytest.raises(ValidationError) as again:
        services.cycle_open(
            actor=secretariat, plan=city.plan, fiscal_year=2021, deadline=datetime.date(2022, 5, 1)
        )
    assert "すでにあります" in str(again.value)
    with pytest.raises(ValidationError) as outside:
        services.cycle_open(
            actor=secretariat, plan=city.plan, fiscal_year=2030, deadline=datetime.date(2031, 5, 1)
        )
    assert "計画期間" in str(outside.value)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECRETARIAT])
def test_only_the_secretariat_opens_a_cycle(city, role):
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            actor=city.users[role],
            plan=city.plan,
            fiscal_year=2022,
            deadline=datetime.date(2023, 5, 31),
        )


def test_a_department_writes_only_its_own_reports(city):
    cycle = open_cycle(city)
    department_user = city.users[Role.DEPARTMENT]  # works for housing
    safety_report = cycle.reports.get(measure=city.measures[0])
    with pytest.raises(PermissionDenied):
        report_services.report_save(actor=department_user, report=safety_report, data=FILLED)
    # another department of the same city, and the secretariat, cannot write housing's report
    other = DepartmentFactory(local_government=city.lg, name="福祉課")
    other_user = UserFactory(
        username="welfare",
        role=Role.DEPARTMENT,
        organization__local_government=city.lg,
        organization__department=other,
    )
    report = housing_report(city, cycle)
    for user in (other_user, city.users[Role.SECRETARIAT]):
        with pytest.raises(PermissionDenied):
            report_services.report_save(actor=user, report=report, data=FILLED)
    saved = report_services.report_save(actor=department_user, report=report, data=FILLED)
    assert saved.status == "draft" and saved.results == FILLED["results"]
    assert saved.figures == [{"label": "参加者", "value": "42", "unit": "人"}]


def test_submit_needs_the_required_parts_and_keeps_a_version(city):
    report = housing_report(city)
    user = city.users[Role.DEPARTMENT]
    report_services.report_save(actor=user, report=report, data={"actions": "実施しました"})
    with pytest.raises(ValidationError) as missing:
        report_services.report_submit(actor=user, report=report)
    assert set(missing.value.message_dict) == {"results", "evaluation", "next_steps"}
    report.refresh_from_db()
    assert report.status == "draft" and report.versions.count() == 0

    report = submitted_report(city)
    assert report.status == "submitted" and report.version == 1
    version = report.versions.get()
    assert version.results == FILLED["results"] and version.decision == ""


def test_bad_figures_give_messages_and_change_nothing(city):
    report = housing_report(city)
    user = city.users[Role.DEPARTMENT]
    with pytest.raises(ValidationError) as error:
        report_services.report_save(
            actor=user,
            report=report,
            data={**FILLED, "figures": [{"label": "", "value": "abc", "unit": "人"}]},
        )
    messages = error.value.message_dict["figures"]
    assert any("項目名" in m for m in messages) and any("数字" in m for m in messages)
    report.refresh_from_db()
    assert report.actions == ""


def test_return_needs_a_comment_and_the_comment_reaches_the_department(city):
    secretariat = city.users[Role.SECRETARIAT]
    report = submitted_report(city)
    with pytest.raises(ValidationError) as error:
        report_services.report_return(actor=secretariat, report=report, comment="  ")
    assert "理由" in str(error.value)
    report = report_services.report_return(
        actor=secretariat, report=report, comment="実績に人数を書いてください。"
    )
    assert report.status == "returned"
    assert report.last_comment == "実績に人数を書いてください。"
    assert report.versions.get(number=1).decision == "returned"

    # the department revises and resubmits: version 2, and version 1 is kept unchanged
    user = city.users[Role.DEPARTMENT]
    report_services.report_save(actor=user, report=report, data={**FILLED, "results": "延べ45人"})
    report = report_services.report_submit(actor=user, report=report)
    assert report.version == 2
    assert list(report.versions.values_list("results", flat=True)) == [
        FILLED["results"],
        "延べ45人",
    ]
    report = report_services.report_accept(actor=secretariat, report=report)
    assert report.status == "accepted" and report.accepted_at and report.last_comment == ""


def test_nobody_edits_an_accepted_report(city):
    secretariat = city.users[Role.SECRETARIAT]
    report = report_services.report_accept(actor=secretariat, report=submitted_report(city))
    with pytest.raises(ValidationError) as error:
        report_services.report_save(actor=city.users[Role.DEPARTMENT], report=report, data=FILLED)
    assert "承認済" in str(error.value)
    with pytest.raises(ValidationError):
        report_services.report_submit(actor=city.users[Role.DEPARTMENT], report=report)
    with pytest.raises(ValidationError):
        report_services.report_return(actor=secretariat, report=report, comment="やり直し")
    for role in Role:
        if role != Role.DEPARTMENT:
            with pytest.raises(PermissionDenied):
                report_services.report_save(actor=city.users[role], report=report, data=FILLED)


def test_a_submitted_report_waits_for_review(city):
    report = submitted_report(city)
    with pytest.raises(ValidationError):
        report_services.report_save(actor=city.users[Role.DEPARTMENT], report=report, data=FILLED)
    with pytest.raises(PermissionDenied):
        report_services.report_accept(actor=city.users[Role.DEPARTMENT], report=report)


def test_every_step_is_audited(city):
    secretariat = city.users[Role.SECRETARIAT]
    report = submitted_report(city)
    report = report_services.report_return(
        actor=secretariat, report=report, comment="直してください"
    )
    actions = list(
        AuditEntry.objects.filter(object_id=str(report.pk), object_type="pdca.progressreport")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["pdca.report_save", "pdca.report_submit", "pdca.report_returned"]


def test_accepting_expires_the_public_page_cache(city):
    before = city.lg.content_revision
    report_services.report_accept(actor=city.users[Role.SECRETARIAT], report=submitted_report(city))
    city.lg.refresh_from_db()
    assert city.lg.content_revision > before


# --- indicator values -------------------------------------------------------------------------


def test_secretariat_values_are_published_department_values_wait(city):
    secretariat = city.users[Role.SECRETARIAT]
    item = indicator_services.indicator_value_save(
        actor=secretariat, indicator=city.indicator, period=2021, value=Decimal(95), source="警察"
    )
    assert item.is_published
    # the indicator belongs to no pillar: a department with measures in the plan may enter it
    item = indicator_services.indicator_value_save(
        actor=city.users[Role.DEPARTMENT],
        indicator=city.indicator,
        period=2022,
        value=Decimal(90),
        publish=True,
    )
    assert not item.is_published
    with pytest.raises(PermissionDenied):
        indicator_services.indicator_value_save(
            actor=city.users[Role.PARTNER], indicator=city.indicator, period=2022, value=Decimal(1)
        )


def test_indicator_values_are_validated(city):
    secretariat = city.users[Role.SECRETARIAT]
    with pytest.raises(ValidationError) as error:
        indicator_services.indicator_value_save(
            actor=secretariat, indicator=city.indicator, period=1990, value=Decimal(-1)
        )
    assert set(error.value.message_dict) == {"period", "value"}
    assert not IndicatorValue.objects.exists()


# --- the next plan ----------------------------------------------------------------------------


def test_the_next_plan_copies_structure_and_indicators(city):
    secretariat = city.users[Role.SECRETARIAT]
    new_plan = plan_start_next(actor=secretariat, plan=city.plan)
    assert new_plan.status == Plan.Status.DRAFT and new_plan.predecessor == city.plan
    assert (new_plan.start_fiscal_year, new_plan.end_fiscal_year) == (2024, 2026)
    old_measures = list(
        city.plan.pillars.values_list("areas__measures__body", flat=True).order_by("pk")
    )
    new_measures = list(
        new_plan.pillars.values_list("areas__measures__body", flat=True).order_by("pk")
    )
    assert sorted(new_measures) == sorted(old_measures)
    assert new_plan.indicators.count() == city.plan.indicators.count()
    new_three = new_plan.pillars.get(number=2).areas.get().measures.get(number=2)
    assert [a.department.name for a in new_three.assignments.order_by("position")] == [
        "住宅政策課",
        "生活安全課",
    ]
    with pytest.raises(ValidationError):
        plan_start_next(actor=secretariat, plan=city.plan)
    with pytest.raises(PermissionDenied):
        plan_start_next(actor=city.users[Role.DEPARTMENT], plan=city.plan)


def test_reports_of_a_department_are_unique_per_measure(city):
    cycle = open_cycle(city)
    assert (
        ProgressReport.objects.filter(cycle=cycle, department=city.departments["housing"]).count()
        == 2
    )
