"""The compiled progress report: its data, the Excel and PDF files, and the staff and
public pages that serve them."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from core.jobs.models import Job
from core.roles import Role
from core.testing.pdf import read_pdf
from pdca import services
from pdca.compiled.compile import compile_report, report_pdf, report_xlsx
from pdca.models import IndicatorValue, ProgressReport
from pdca.reports import services as report_services
from plans.models import Department, Plan

DEADLINE = datetime.date(2022, 5, 31)


def write(report, author, *, submit=True, **fields):
    data = {
        "actions": f"{report.measure.title}の実施内容",
        "results": f"{report.measure.title}の実績",
        "evaluation": "B",
        "issues": "周知が十分ではありません。",
        "next_steps": "引き続き実施します。",
        **fields,
    }
    report = report_services.report_save(actor=author, report=report, data=data)
    if submit:
        report = report_services.report_submit(actor=author, report=report)
    return report


@pytest.fixture
def year(city):
    """FY2021 of the city: 1-1-① (safety) accepted with A, 2-1-① (housing) accepted with B
    and a figure, 2-1-② housing submitted with B and safety a draft with no evaluation."""
    secretariat = city.users[Role.SECRETARIAT]
    housing_user = city.users[Role.DEPARTMENT]
    # a department user of 生活安全課, the secretariat's own 課
    safety_user = UserFactory(
        role=Role.DEPARTMENT, organization=city.users[Role.SECRETARIAT].organization
    )
    cycle = services.cycle_open(
        actor=secretariat, plan=city.plan, fiscal_year=2021, deadline=DEADLINE
    )
    reports = {
        (r.measure_id, r.department_id): r
        for r in ProgressReport.objects.filter(cycle=cycle).select_related("measure")
    }
    housing, safety = city.departments["housing"], city.departments["safety"]
    m1, m2, m3 = city.measures
    first = write(
        reports[m1.pk, safety.pk], safety_user, evaluation="A", actions="街頭キャンペーンを実施"
    )
    report_services.report_accept(actor=secretariat, report=first)
    second = write(
        reports[m2.pk, housing.pk],
        housing_user,
        results="登録が進みました。",
        figures=[{"label": "登録戸数", "value": "1234", "unit": "戸"}],
    )
    report_services.report_accept(actor=secretariat, report=second)
    write(reports[m3.pk, housing.pk], housing_user, actions="未承認の実施内容")
    write(
        reports[m3.pk, safety.pk],
        safety_user,
        submit=False,
        actions="下書きの実施内容",
        evaluation="",
    )
    return cycle


def workbook(data):
    return load_workbook(BytesIO(report_xlsx(data)))


def sheet_rows(sheet, first=3):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first) if row[0].value]


class TestWorkbook:
    def test_it_has_a_summary_a_sheet_per_pillar_and_the_indicators(self, year):
        book = workbook(compile_report(year))
        assert book.sheetnames == ["概要", "第1節", "第2節", "指標"]
        summary = [cell for row in book["概要"].iter_rows(values_only=True) for cell in row]
        assert "令和3年度（2021年度）" in summary
        assert "テスト市再犯防止推進計画（架空） 進捗状況報告書" in summary

    def test_a_measure_row_has_its_number_department_evaluation_and_texts(self, year):
        sheet = workbook(compile_report(year))["第2節"]
        header = [cell.value for cell in sheet[2]]
        assert header == [
            "番号",
            "取組",
            "担当課",
            "自己評価",
            "実施内容",
            "実績",
            "課題",
            "今後の方向性",
            "状態",
        ]
        row = dict(zip(header, sheet_rows(sheet)[0], strict=True))
        assert row["番号"] == "2-1-①"
        assert row["取組"] == "セーフティネット住宅の登録促進"
        assert row["担当課"] == "住宅政策課"
        assert row["自己評価"] == "B おおむね順調"
        assert row["実績"] == "登録が進みました。\n・登録戸数：1,234戸"
        assert row["今後の方向性"] == "引き続き実施します。"
        assert row["状態"] == "承認済"

    def test_the_staff_version_marks_reports_not_yet_accepted(self, year):
        sheet = workbook(compile_report(year))["第2節"]
        rows = sheet_rows(sheet)
        assert [(r[0], r[2], r[8]) for r in rows] == [
            ("2-1-①", "住宅政策課", "承認済"),
            ("2-1-②", "住宅政策課", "提出済（確認待ち）"),
            ("2-1-②", "生活安全課", "作成中"),
        ]
        accepted, submitted = sheet["A3"], sheet["A4"]
        assert accepted.fill.fgColor.rgb != submitted.fill.fgColor.rgb
        assert submitted.fill.fill_type == "solid"

    def test_the_public_version_has_only_the_accepted_reports(self, year):
        book = workbook(compile_report(year, public=True))
        first, second = book["第1節"], book["第2節"]
        assert [r[0] for r in sheet_rows(first)] == ["1-1-①"]
        assert [r[0] for r in sheet_rows(second)] == ["2-1-①"]
        assert "状態" not in [cell.value for cell in second[2]]
        everything = [c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r]
        assert "未承認の実施内容" not in everything
        assert "下書きの実施内容" not in everything
        assert "報告の状態" not in everything  # the counts by status are for staff only

    def test_the_summary_counts_reports_by_status_and_evaluation(self, year):
        data = compile_report(year)
        assert [(r.label, r.counts, r.total) for r in data.status_rows] == [
            ("第1節", [0, 0, 0, 1], 1),
            ("第2節", [1, 1, 0, 1], 3),
            ("計", [1, 1, 0, 2], 4),
        ]
        assert [c.key for c in data.evaluation_columns] == ["A", "B", "C", "D", ""]
        assert [r.counts for r in data.evaluation_rows] == [
            [1, 0, 0, 0, 0],
            [0, 2, 0, 0, 1],
            [1, 2, 0, 0, 1],
        ]
        public = compile_report(year, public=True)
        assert [r.counts for r in public.evaluation_rows] == [
            [1, 0, 0, 0],
            [0, 1, 0, 0],
            [1, 1, 0, 0],
        ]

    def test_the_sheets_are_ready_to_print(self, year):
        sheet = workbook(compile_report(year))["第1節"]
        assert sheet.freeze_panes == "A3"
        assert sheet.print_title_rows == "$2:$2"
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet["E3"].alignment.wrap_text
        assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width

    def test_the_indicator_sheet_has_a_column_per_fiscal_year(self, year, city):
        indicator = city.indicator  # baseline 100 (2019), target 80 (2023), lower is better
        for period, value, published in [(2021, 90, True), (2022, 85, False)]:
            IndicatorValue.objects.create(
                local_government=city.lg,
                indicator=indicator,
                period=period,
                value=Decimal(value),
                is_published=published,
            )
        staff = workbook(compile_report(year))["指標"]
        header = [cell.value for cell in staff[2]]
        assert header[:5] == ["区分", "指標名", "単位", "基準値", "基準年（度）"]
        assert header[5:8] == [
            "令和3年度（2021年度）",
            "令和4年度（2022年度）",
            "令和5年度（2023年度）",
        ]
        assert header[8:] == ["目標値", "目標の注記", "目標年（度）", "状況", "判定の理由"]
        row = [cell.value for cell in staff[3]]
        assert row[0] == "成果指標"
        assert row[3] == 100
        assert row[4] == "令和元年度（2019年度）"
        assert row[5:8] == [90, 85, None]
        assert row[8] == 80  # a number, shown 80以下
        assert staff["I3"].number_format == '#,##0"以下"'
        assert row[11] == "順調"
        assert staff["G3"].font.italic  # 2022 is not published yet
        public = workbook(compile_report(year, public=True))["指標"]
        assert [cell.value for cell in public[3]][5:8] == [90, None, None]


class TestPdf:
    @pytest.mark.japanese_font
    def test_it_is_a_pdf_with_the_japanese_font_embedded(self, year):
        pdf = read_pdf(report_pdf(compile_report(year)))
        font = pdf.font_named("Noto-Sans-CJK-JP")
        assert font is not None, pdf.fonts
        assert font.subset and font.embedded  # only the glyphs used, inside the file
        assert "令和3年度（2021年度）" in pdf.text

    def test_the_print_html_holds_the_summary_chart_and_the_reports(self, year):
        from pdca.compiled.pdf import report_html

        staff = report_html(compile_report(year))
        assert "<svg" in staff and "<script" not in staff
        assert "counter(page)" in staff
        assert "未承認の実施内容" in staff and "提出済（確認待ち）" in staff
        public = report_html(compile_report(year, public=True))
        assert "街頭キャンペーンを実施" in public
        assert "未承認の実施内容" not in public and "下書きの実施内容" not in public


class TestStaffPages:
    def test_the_secretariat_previews_a_cycle_and_downloads_both_files(self, client, city, year):
        client.force_login(city.users[Role.SECRETARIAT])
        page = client.get(reverse("pdca_report:detail", kwargs={"pk": year.pk}))
        assert page.status_code == 200
        content = page.content.decode()
        assert "令和3年度（2021年度）" in content
        # the page starts the files as background jobs (the URLs below stay for the API)
        assert reverse("pdca_report:generate", args=[year.pk, "xlsx"]) in content
        assert 'data-chart="evaluation-chart"' in content
        xlsx = client.get(reverse("pdca_report:xlsx", kwargs={"pk": year.pk}))
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        assert 'filename="testcity-progress-2021-staff.xlsx"' in xlsx["Content-Disposition"]
        assert "作成中" in [
            cell for row in load_workbook(BytesIO(xlsx.content))["第2節"].values for cell in row
        ]
        pdf = client.get(reverse("pdca_report:pdf", kwargs={"pk": year.pk}))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")

    def test_the_excel_is_made_in_the_background_and_downloaded_from_the_jobs_page(
        self, client, city, year, django_capture_on_commit_callbacks, settings, tmp_path
    ):
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": tmp_path},
            },
        }
        client.force_login(city.users[Role.SECRETARIAT])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("pdca_report:generate", args=[year.pk, "xlsx"]))
        job = Job.objects.get()
        assert response["Location"] == reverse("background_jobs:detail", kwargs={"pk": job.pk})
        assert (job.kind, job.params, job.status) == (
            "pdca.compiled_xlsx",
            {"cycle": year.pk},
            "succeeded",
        )
        page = client.get(response["Location"]).content.decode()
        assert "進捗状況報告書（Excel）の作成" in page and 'value="100"' in page
        download = client.get(reverse("background_jobs:download", kwargs={"pk": job.pk}))
        assert 'filename="testcity-progress-2021-staff.xlsx"' in download["Content-Disposition"]
        workbook = load_workbook(BytesIO(b"".join(download.streaming_content)))
        assert "作成中" in [cell for row in workbook["第2節"].values for cell in row]
        assert (
            client.post(reverse("pdca_report:generate", args=[year.pk, "doc"])).status_code == 404
        )

    def test_the_index_lists_the_cycles(self, client, city, year):
        client.force_login(city.users[Role.SECRETARIAT])
        response = client.get(reverse("pdca_report:index"))
        assert reverse("pdca_report:detail", kwargs={"pk": year.pk}) in response.content.decode()

    def test_another_local_governments_cycle_is_not_found(self, client, city, kumamoto):
        from conftest import make_role_users

        lg = kumamoto.local_government
        users = make_role_users(
            lg,
            secretariat_department=Department.objects.get(local_government=lg, name="生活安全課"),
            own_department=Department.objects.get(local_government=lg, name="住宅政策課"),
        )
        cycle = services.cycle_open(
            actor=users[Role.SECRETARIAT], plan=kumamoto, fiscal_year=2021, deadline=DEADLINE
        )
        client.force_login(city.users[Role.SECRETARIAT])
        for name in ("pdca_report:detail", "pdca_report:xlsx", "pdca_report:pdf"):
            assert client.get(reverse(name, kwargs={"pk": cycle.pk})).status_code == 404


class TestPublicPages:
    def test_the_index_lists_the_years_that_have_a_cycle(self, client, year):
        response = client.get(reverse("progress:index", kwargs={"lg": "testcity"}))
        content = response.content.decode()
        assert reverse("progress:year", kwargs={"lg": "testcity", "year": 2021}) in content
        assert "令和3年度（2021年度）" in content

    def test_the_year_page_shows_only_accepted_reports(self, client, year):
        response = client.get(reverse("progress:year", kwargs={"lg": "testcity", "year": 2021}))
        assert response.status_code == 200
        content = response.content.decode()
        assert "街頭キャンペーンを実施" in content
        assert "登録戸数：1,234戸" in content
        assert "未承認の実施内容" not in content
        assert "下書きの実施内容" not in content
        assert "css/progress-report.css" in content

    def test_the_year_page_is_cached_until_a_report_is_accepted(self, client, city, year):
        url = reverse("progress:year", kwargs={"lg": "testcity", "year": 2021})
        assert client.get(url)["X-Tsunagu-Cache"] == "miss"
        assert client.get(url)["X-Tsunagu-Cache"] == "hit"
        submitted = ProgressReport.objects.get(cycle=year, status="submitted")
        report_services.report_accept(actor=city.users[Role.SECRETARIAT], report=submitted)
        response = client.get(url)
        assert response["X-Tsunagu-Cache"] == "miss"
        assert "未承認の実施内容" in response.content.decode()

    def test_the_downloads_are_the_public_version(self, client, city, year):
        url = reverse("progress:xlsx", kwargs={"lg": "testcity", "year": 2021})
        assert url == "/testcity/progress/2021.xlsx"
        response = client.get(url)
        assert 'filename="testcity-progress-2021.xlsx"' in response["Content-Disposition"]
        book = load_workbook(BytesIO(response.content))
        assert [r[0] for r in sheet_rows(book["第2節"])] == ["2-1-①"]
        # a report accepted later is in the next download (the stored file has expired)
        submitted = ProgressReport.objects.get(cycle=year, status="submitted")
        report_services.report_accept(actor=city.users[Role.SECRETARIAT], report=submitted)
        book = load_workbook(BytesIO(client.get(url).content))
        assert [r[0] for r in sheet_rows(book["第2節"])] == ["2-1-①", "2-1-②"]
        pdf = client.get(reverse("progress:pdf", kwargs={"lg": "testcity", "year": 2021}))
        assert 'filename="testcity-progress-2021.pdf"' in pdf["Content-Disposition"]
        assert pdf.content.startswith(b"%PDF")

    @pytest.mark.parametrize("name", ["progress:year", "progress:xlsx", "progress:pdf"])
    def test_a_year_without_a_cycle_is_not_found(self, client, year, name):
        response = client.get(reverse(name, kwargs={"lg": "testcity", "year": 2022}))
        assert response.status_code == 404

    def test_a_year_of_an_unpublished_plan_is_not_found(self, client, city, year):
        Plan.objects.filter(pk=city.plan.pk).update(status=Plan.Status.DRAFT)
        url = reverse("progress:year", kwargs={"lg": "testcity", "year": 2021})
        assert client.get(url).status_code == 404
        index = client.get(reverse("progress:index", kwargs={"lg": "testcity"}))
        assert url not in index.content.decode()

    def test_a_huge_year_is_not_a_route(self, client, year):
        assert client.get("/testcity/progress/99999999999/").status_code == 404


def count_queries(cycle, public):
    with CaptureQueriesContext(connection) as queries:
        data = compile_report(cycle, public=public)
    return len(queries), data


@pytest.mark.parametrize("public", [False, True])
def test_the_data_is_read_in_a_fixed_number_of_queries(city, year, kumamoto, public):
    from conftest import make_role_users

    lg = kumamoto.local_government
    users = make_role_users(
        lg,
        secretariat_department=Department.objects.get(local_government=lg, name="生活安全課"),
        own_department=Department.objects.get(local_government=lg, name="住宅政策課"),
    )
    large = services.cycle_open(
        actor=users[Role.SECRETARIAT], plan=kumamoto, fiscal_year=2021, deadline=DEADLINE
    )
    ProgressReport.objects.filter(cycle=large).update(status="accepted", evaluation="B")
    small = type(year).objects.select_related("plan", "local_government").get(pk=year.pk)
    large = type(large).objects.select_related("plan", "local_government").get(pk=large.pk)
    small_count, small_data = count_queries(small, public)
    large_count, large_data = count_queries(large, public)
    assert small_data.measure_count == 3
    assert large_data.measure_count == 116
    assert large_data.report_count > 116
    assert 0 < large_count == small_count
