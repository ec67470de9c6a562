"""The anonymous aggregates beside the plan's reference indicators (参考指標) of their pillar: on
the aggregates page, its CSV and the compiled report; and, the other way round, the cases'
figures beside each indicator of a pillar on pdca's staff indicator pages. Counts under 5 are
「5未満」 everywhere. All fictional."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import NeedArea, OutcomeKind, Referral, ReferralStatus
from coordination.support import indicators
from coordination.support.report_section import KEY
from coordination.tests.factories import CaseFactory, PersonFactory, ReferralFactory
from coordination.tests.factories_support import OutcomeFactory
from core.roles import Role
from pdca import services
from pdca.compiled.compile import compile_report
from pdca.indicators import status
from pdca.indicators.status import (
    RelatedFigure,
    register_related_figures,
    related_figures,
    unregister_related_figures,
)
from pdca.models import IndicatorValue
from plans.indicator_codes import HOUSING_SATISFACTION
from plans.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
IN_2021 = datetime.date(2021, 6, 1)


@pytest.fixture
def housing(city):
    """住まいの満足度 (架空の値), a reference indicator of pillar 2 (住居の確保)."""
    indicator = IndicatorFactory(
        plan=city.plan,
        kind="reference",
        pillar=city.pillars[1],
        code=HOUSING_SATISFACTION,
        name="住まいの満足度（架空）",
        unit="％",
        baseline_value=Decimal("62.5"),
        baseline_year=2019,
        target_value=Decimal("64.5"),
        target_year=2023,
        better="higher",
    )
    IndicatorValue.objects.create(
        local_government=city.lg,
        indicator=indicator,
        period=2021,
        value=Decimal("63.8"),
        is_published=True,
    )
    return indicator


def homes_secured(city, count, on):
    for _ in range(count):
        case = CaseFactory(person=PersonFactory(local_government=city.lg), opened_on=on)
        OutcomeFactory(case=case, kind=OutcomeKind.HOME_SECURED, achieved_on=on)


def line_of(lines, name_part):
    return next(line for line in lines if name_part in line.name)


def figures_of(line) -> dict[str, str]:
    return {label: cell.text for label, cell in line.figures}


def test_each_pillar_shows_its_reference_indicators_beside_its_case_figures(city, housing):
    homes_secured(city, 5, IN_2021)
    data = indicators.aggregates(city.lg, 2021)
    lines = indicators.indicator_lines(data, city.plan, published_only=True)
    line = line_of(lines, "住まいの満足度")
    assert line.pillar.startswith("第2節")
    assert line.actual == "63.8％（令和3年度（2021年度））"
    assert (line.status, line.status_label) == ("on_track", "順調")  # from pdca's assessment
    assert figures_of(line) == {"住まいの確保（人）": "5", "支援につながった紹介（件）": "5未満"}
    reoffenders = line_of(lines, "再犯者数")  # pillar 1: no outcome of its own
    assert reoffenders.pillar.startswith("第1節") and reoffenders.status_label == "実績なし"
    assert list(figures_of(reoffenders)) == ["支援につながった紹介（件）"]
    work = next(line for line in lines if line.pillar.startswith("第3節"))
    assert work.name == "" and "就職（人）" in figures_of(work)  # no indicator: the pillar alone
    assert len(lines) == 2 + 4  # two pillars with an indicator, four without


def test_a_count_under_5_is_suppressed_beside_the_indicator(city, housing):
    homes_secured(city, 4, IN_2021)
    lines = indicators.indicator_lines(
        indicators.aggregates(city.lg, 2021), city.plan, published_only=True
    )
    assert figures_of(line_of(lines, "住まいの満足度"))["住まいの確保（人）"] == "5未満"


def test_the_aggregates_page_and_its_csv_show_the_indicators(client, city, housing):
    homes_secured(city, 6, IN_2021)
    ReferralFactory(
        case=CaseFactory(person=PersonFactory(local_government=city.lg), opened_on=IN_2021),
        area=NeedArea.HOUSING,
        status=ReferralStatus.COMPLETED,
        outcome=Referral.Outcome.SUCCESSFUL,
        sent_at=timezone.make_aware(datetime.datetime(2021, 7, 1, 10)),
    )
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("support:aggregates"), {"year": 2021}).content.decode()
    assert "計画の参考指標と支援のつなぎ（分野ごと）" in html
    assert "住まいの満足度（架空）" in html and "63.8％（令和3年度（2021年度））" in html
    assert "住まいの確保（人）: <strong>6</strong>" in html
    assert '支援につながった紹介（件）: <strong class="suppressed">5未満</strong>' in html
    response = client.get(reverse("support:aggregates_csv"), {"year": 2021})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "住まいの満足度（架空）,63.8％（令和3年度（2021年度））,順調," in csv
    assert "住まいの確保（人）: 6、支援につながった紹介（件）: 5未満" in csv


@pytest.mark.parametrize("public", [False, True])
def test_the_report_section_has_the_indicator_table(city, housing, public):
    homes_secured(city, 5, IN_2021)
    IndicatorValue.objects.filter(indicator=housing).update(is_published=False)
    cycle = services.cycle_open(
        actor=city.users[Role.SECRETARIAT],
        plan=city.plan,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )
    [section] = [s for s in compile_report(cycle, public=public).sections if s.key == KEY]
    table = section.tables[-1]
    assert table.caption == "分野ごとの参考指標と、支援のつなぎの数"
    [(pillar, cells)] = [row for row in table.rows if row[1][0] == "住まいの満足度（架空）"]
    assert pillar.startswith("第2節")
    assert cells[3] == "住まいの確保（人）: 5、支援につながった紹介（件）: 5未満"
    counts = re.findall(r": ([\d,]+)", " ".join(row[1][3] for row in table.rows))
    assert counts and all(int(count.replace(",", "")) >= 5 for count in counts)
    # an unpublished actual stays out of the public version, as in the report's indicators
    assert cells[1] == ("—" if public else "63.8％（令和3年度（2021年度））")


def test_the_indicator_list_shows_the_case_figures_of_the_pillar(client, city, housing):
    homes_secured(city, 5, timezone.localdate())
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("pdca:indicator_list")).content.decode()
    assert "関連する支援の状況" in html
    row = html.split("住まいの満足度（架空）")[1].split("</tr>")[0]
    assert "住まいの確保（人）</a>: <strong>5</strong>" in row
    assert f"{reverse('support:aggregates')}?year=" in row
    page = client.get(reverse("pdca:indicator_values", args=[housing.pk])).content.decode()
    assert "住まいの確保（人）</a>: <strong>5</strong>" in page


def test_the_indicator_list_suppresses_small_counts_and_skips_indicators_without_a_pillar(
    city, housing
):
    homes_secured(city, 2, timezone.localdate())
    figures = related_figures(city.plan, [housing, city.indicator, city.statistic_indicator])
    assert city.indicator.pk not in figures  # the outcome indicator has no pillar
    assert {f.label: f.text for f in figures[housing.pk]}["住まいの確保（人）"] == "5未満"
    assert [f.label for f in figures[city.statistic_indicator.pk]] == ["支援につながった紹介（件）"]


def test_a_body_without_cases_gets_no_figures(client, city, housing):
    assert related_figures(city.plan, [housing]) == {}
    client.force_login(city.users[Role.DEPARTMENT])
    html = client.get(reverse("pdca:indicator_list")).content.decode()
    assert "住まいの確保（人）" not in html


def test_providers_register_once_and_merge(monkeypatch):
    monkeypatch.setattr(status, "_RELATED_FIGURES", [])

    def provider(plan, given):
        return {indicator.pk: [RelatedFigure("架空の数", "12")] for indicator in given}

    class Fake:
        pk = 7

    register_related_figures(provider)
    register_related_figures(provider)  # once only
    assert [f.label for f in related_figures(None, [Fake()])[7]] == ["架空の数"]
    unregister_related_figures(provider)
    assert related_figures(None, [Fake()]) == {}
