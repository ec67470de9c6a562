"""The anonymous aggregates in the compiled progress report (進捗状況報告書): registered with
pdca.compiled.sections, suppressed under 5 in every version, absent for a body with no case."""

import datetime
import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coordination.models import Need, NeedArea
from coordination.support.report_section import KEY
from coordination.tests.factories import CaseFactory, PersonFactory, matrix_world
from coordination.tests.factories_support import AssessmentFactory
from core.roles import Role
from pdca import services
from pdca.compiled.compile import compile_report, report_xlsx
from pdca.compiled.pdf import report_html

pytestmark = pytest.mark.django_db
IN_YEAR = datetime.date(2021, 6, 1)
TITLE = "支援のつなぎ（匿名の集計）"
INDICATOR_CAPTION = "分野ごとの参考指標と、支援のつなぎの数"


@pytest.fixture
def cycle(city):
    return services.cycle_open(
        actor=city.users[Role.SECRETARIAT],
        plan=city.plan,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )


def supported(city, count, **levels):
    for _ in range(count):
        case = CaseFactory(person=PersonFactory(local_government=city.lg), opened_on=IN_YEAR)
        assessment = AssessmentFactory(case=case, assessed_on=IN_YEAR)
        Need.objects.bulk_create(
            Need(assessment=assessment, area=area, level=levels.get(area, 0))
            for area in NeedArea.values
        )


def cells(section):
    """The count cells (the last table pairs the plan's indicators with texts of counts:
    coordination/tests/support/test_indicators.py checks it)."""
    counts = [table for table in section.tables if table.caption != INDICATOR_CAPTION]
    return [cell for table in counts for _label, row in table.rows for cell in row]


def row(table, label_part):
    return next(cells for label, cells in table.rows if label_part in label)


def shown_numbers(section) -> list[int]:
    return [int(cell.replace(",", "")) for cell in cells(section) if cell != "5未満"]


@pytest.mark.parametrize("public", [False, True])
def test_the_section_has_the_years_figures_suppressed_under_5(city, cycle, public):
    matrix_world(city)  # opened today: not in FY2021
    supported(city, 5, work=3)
    supported(city, 2, housing=3)
    data = compile_report(cycle, public=public)
    [section] = [section for section in data.sections if section.key == KEY]
    assert section.title == TITLE
    assert "5未満" in section.note and "支援した人" in section.note
    assert "5未満" in cells(section)
    assert all(number >= 5 for number in shown_numbers(section))
    people, needs, *_rest = section.tables
    assert people.rows[0][1] == ["7"]  # the 7 cases opened in FY2021
    assert row(needs, "就労") == ["5"]
    assert row(needs, "住居") == ["5未満"]  # 2 people


def test_every_rendering_shows_the_suppressed_section(client, city, cycle):
    supported(city, 2, housing=3)
    client.force_login(city.users[Role.SECRETARIAT])
    staff = client.get(reverse("pdca_report:detail", kwargs={"pk": cycle.pk})).content.decode()
    public = client.get(
        reverse("progress:year", kwargs={"lg": city.lg.slug, "year": 2021})
    ).content.decode()
    for html in (staff, public, report_html(compile_report(cycle, public=True))):
        assert TITLE in html and "5未満" in html
        section = html[html.index(f'id="section-{KEY}"') :]
        numbers = [int(n.replace(",", "")) for n in re.findall(r'class="num">([\d,]+)<', section)]
        assert all(number >= 5 for number in numbers)
    book = load_workbook(BytesIO(report_xlsx(compile_report(cycle, public=True))))
    sheet = book[TITLE]
    values = [cell.value for row in sheet.iter_rows(min_row=3) for cell in row[1:] if cell.value]
    assert "5未満" in values
    assert not [v for v in values if isinstance(v, int) and v < 5]


def test_a_body_with_no_case_has_no_section(city, cycle):
    assert [section.key for section in compile_report(cycle).sections] == []
    assert [section.key for section in compile_report(cycle, public=True).sections] == []
