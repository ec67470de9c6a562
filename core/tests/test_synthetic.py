from django.core.management import call_command

from core.models import LocalGovernment
from core.synthetic import with_check_digit
from plans.models import Indicator, Measure, Plan
from plans.package.reading import check_digit_ok


def test_it_creates_fictional_local_governments_with_plans_shaped_like_kumamotos(db):
    call_command("seed_synthetic", local_governments=3)
    governments = LocalGovernment.objects.filter(is_synthetic=True)
    assert governments.count() == 3
    for government in governments:
        assert check_digit_ok(government.code) and government.code.startswith("90")
        assert "架空" in government.name
        plan = Plan.objects.get(local_government=government)
        assert plan.status == Plan.Status.PUBLISHED
        assert Measure.objects.filter(area__pillar__plan=plan).count() == 116
        assert Indicator.objects.filter(plan=plan).count() == 15
        assert all(
            m.assignments.exists() and m.search_text
            for m in Measure.objects.filter(area__pillar__plan=plan)[:10]
        )


def test_running_it_again_adds_only_the_missing_ones(db):
    call_command("seed_synthetic", local_governments=2)
    call_command("seed_synthetic", local_governments=3)
    assert LocalGovernment.objects.filter(is_synthetic=True).count() == 3
    assert Plan.objects.count() == 3


def test_fictional_codes_have_valid_check_digits():
    assert all(check_digit_ok(with_check_digit(n)) for n in range(90000, 90100))


def test_synthetic_cities_stay_off_the_front_page(client, db):
    call_command("seed_synthetic", local_governments=2)
    response = client.get("/")
    assert response.status_code == 200
    assert "架空市" not in response.content.decode()


def test_it_adds_three_years_of_progress_and_statistics(db):
    from pdca.indicators.status import Status, indicator_rows
    from pdca.models import ProgressReport, ReportingCycle
    from plans.models import MeasureDepartment
    from stats.models import StatisticValue

    call_command("seed_synthetic", local_governments=2)
    plan = Plan.objects.first()
    assignments = MeasureDepartment.objects.filter(measure__area__pillar__plan=plan).count()
    assert ReportingCycle.objects.filter(plan=plan).count() == 3
    assert ProgressReport.objects.filter(cycle__plan=plan).count() == 3 * assignments
    assert StatisticValue.objects.filter(local_government=plan.local_government).exists()
    rows = indicator_rows(plan, published_only=False)
    outcome = next(row for row in rows if row.indicator.kind == "outcome")
    assert outcome.from_statistics and outcome.actuals  # read from the synthetic series
    assert all(row.assessment.status != Status.NO_DATA for row in rows)
