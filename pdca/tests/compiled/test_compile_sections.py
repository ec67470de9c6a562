"""Sections other parts add to the compiled progress report (pdca.compiled.sections): a fake
builder shows in every rendering, generically, and a builder with nothing to say adds nothing."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from core.testing.pdf import read_pdf
from core.testing.workbooks import numeric_text_cells, unseparated_numbers
from pdca import services
from pdca.compiled import sections
from pdca.compiled.compile import compile_report, report_pdf, report_xlsx
from pdca.compiled.pdf import report_html
from pdca.compiled.sections import ReportSection, ReportTable

CALLS = []


def fake_section(local_government, fiscal_year, public):
    CALLS.append((local_government.slug, fiscal_year, public))
    return ReportSection(
        key="fake",
        title="架空の集計",
        note="架空の注記です。",
        tables=[
            ReportTable(
                caption="架空の表",
                row_heading="区分",
                columns=["件数", "人数"],
                rows=[("区分A", ["1,234", "少ない"]), ("区分B", ["62.5", "7"])],
            )
        ],
    )


def nothing(local_government, fiscal_year, public):
    return None


@pytest.fixture
def registry():
    """Only the fake builders are registered during the test; the registry is put back."""
    saved = sections.registered()
    sections.restore({})
    sections.register("fake", fake_section)
    sections.register("nothing", nothing)
    CALLS.clear()
    yield
    sections.restore(saved)


@pytest.fixture
def cycle(city):
    return services.cycle_open(
        actor=city.users[Role.SECRETARIAT],
        plan=city.plan,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )


def test_the_builders_are_called_with_the_body_year_and_version(registry, cycle):
    staff = compile_report(cycle)
    public = compile_report(cycle, public=True)
    assert CALLS == [("testcity", 2021, False), ("testcity", 2021, True)]
    assert [section.key for section in staff.sections] == ["fake"]  # None adds nothing
    assert [section.key for section in public.sections] == ["fake"]


def test_without_a_builder_there_is_no_section(cycle):
    saved = sections.registered()
    sections.restore({})
    try:
        assert compile_report(cycle).sections == []
        assert 'id="section-' not in report_html(compile_report(cycle))
    finally:
        sections.restore(saved)


def test_the_staff_and_public_pages_show_the_section(registry, client, city, cycle):
    client.force_login(city.users[Role.SECRETARIAT])
    staff = client.get(reverse("pdca_report:detail", kwargs={"pk": cycle.pk})).content.decode()
    public = client.get(
        reverse("progress:year", kwargs={"lg": "testcity", "year": 2021})
    ).content.decode()
    for content in (staff, public):
        assert 'id="section-fake-heading">架空の集計</h2>' in content
        assert "架空の注記です。" in content
        assert "<caption>架空の表</caption>" in content
        assert (
            '<th scope="row">区分A</th><td class="num">1,234</td><td class="num">少ない</td>'
            in (content)
        )
    assert 'href="#section-fake"' in public  # in the table of contents
    # after the indicators
    assert public.index('id="indicators"') < public.index('id="section-fake"')


def test_the_workbook_has_a_sheet_per_section_numbers_as_numbers(registry, cycle):
    book = load_workbook(BytesIO(report_xlsx(compile_report(cycle, public=True))))
    assert book.sheetnames[-2:] == ["指標", "架空の集計"]
    sheet = book["架空の集計"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows() if row[0].value]
    assert rows == [
        ["架空の集計", None, None],
        ["架空の注記です。", None, None],
        ["架空の表", None, None],
        ["区分", "件数", "人数"],
        ["区分A", 1234, "少ない"],
        ["区分B", 62.5, 7],
    ]
    assert not [cell for cell in numeric_text_cells(book) if cell[0] == "架空の集計"]
    assert not [cell for cell in unseparated_numbers(book) if cell[0] == "架空の集計"]


def test_a_sheet_title_excel_refuses_is_cleaned():
    from pdca.compiled.xlsx import _sheet_title

    assert _sheet_title("支援/相談[匿名]: 集計?" + "あ" * 40) == (
        "支援・相談・匿名・・ 集計・" + "あ" * 17
    )


def test_the_print_html_has_the_section_after_the_indicators(registry, cycle):
    html = report_html(compile_report(cycle, public=True))
    assert html.index('class="indicators"') < html.index('id="section-fake"')
    assert "<caption>架空の表</caption>" in html and "架空の注記です。" in html


@pytest.mark.japanese_font
def test_the_pdf_holds_the_section(registry, cycle):
    pdf = read_pdf(report_pdf(compile_report(cycle, public=True)))
    text = pdf.text.replace("\n", "").replace(" ", "")
    assert "架空の集計" in text
    assert "架空の注記です。" in text
    assert "1,234" in text
