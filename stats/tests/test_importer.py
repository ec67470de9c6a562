"""A secretariat's upload of values: every bad row is reported with its row, column and a
Japanese message, and then nothing is written; a good file is upserted and audited."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from stats import services
from stats.importer import ImportInvalid
from stats.models import StatisticSeries, StatisticValue
from stats.tests.factories import StatisticSeriesFactory, StatisticValueFactory

HEADER = "series,area,period,breakdown_kind,breakdown,value,note\n"
AREA = "テスト市（架空）"


def upload(city, text, *, filename="values.csv", encoding="utf-8", user=None):
    return services.statistics_import_file(
        actor=user or city.users[Role.SECRETARIAT],
        local_government=city.lg,
        filename=filename,
        content=text.encode(encoding) if isinstance(text, str) else text,
    )


def snapshot():
    return sorted(
        StatisticValue.objects.values_list(
            "series__key", "area", "period", "breakdown_kind", "breakdown", "value", "note"
        )
    )


def errors_of(city, text, **kwargs):
    """The (row, column, message) of every problem; asserts that nothing was written."""
    before = snapshot()
    revision = LocalGovernment.objects.get(pk=city.lg.pk).content_revision
    with pytest.raises(ImportInvalid) as caught:
        upload(city, text, **kwargs)
    assert snapshot() == before
    assert LocalGovernment.objects.get(pk=city.lg.pk).content_revision == revision
    assert not AuditEntry.objects.filter(action="stats.import_values").exists()
    return [(e.row, e.column, e.message) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("nosuch,{area},2020,,,5,", (2, "series", "統計系列 nosuch は登録されていません。")),
        (",{area},2020,,,5,", (2, "series", "必須項目です。")),
        (
            "reoffender-rate,{area},2020,,,33.3,",
            (
                2,
                "series",
                "再犯者率（架空）（reoffender-rate）は件数から算出する率です。値は取り込めません。"
                "分子と分母の件数を取り込んでください。",
            ),
        ),
        ("arrests,,2020,,,5,", (2, "area", "必須項目です。")),
        ("arrests,{area},,,,5,", (2, "period", "必須項目です。")),
        (
            "arrests,{area},R2,,,5,",
            (2, "period", "年は西暦の4桁の数字で書いてください（例: 2019）。「R2」は読めません。"),
        ),
        ("arrests,{area},1850,,,5,", (2, "period", "年 1850 はありえない年です")),
        ("arrests,{area},9999,,,5,", (2, "period", "年 9999 はありえない年です")),
        ("arrests,{area},2020,,,,", (2, "value", "必須項目です。")),
        ("arrests,{area},2020,,,たくさん,", (2, "value", "数値にしてください（たくさん）。")),
        ("arrests,{area},2020,,,1.2345,", (2, "value", "小数は第3位までにしてください。")),
        ("arrests,{area},2020,,,-5,", (2, "value", "件数・人数は0以上にしてください。")),
        (
            "arrests,{area},2020,罪種,,5,",
            (2, "breakdown", "内訳の種類と内訳は、両方書くか両方空欄にしてください"),
        ),
        (
            "arrests,{area},2020,,窃盗犯,5,",
            (2, "breakdown_kind", "内訳の種類と内訳は、両方書くか両方空欄にしてください"),
        ),
        ("arrests,{long},2020,,,5,", (2, "area", "60文字以内にしてください（61文字）。")),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(city, city_series, row, expected):
    text = HEADER + row.format(area=AREA, long="長" * 61) + "\n"
    [(number, column, message)] = errors_of(city, text)
    assert (number, column) == expected[:2]
    assert message.startswith(expected[2])


def test_every_problem_of_the_file_is_listed_at_once(city, city_series):
    text = HEADER + (
        f"arrests,{AREA},2020,,,400,\n"  # fine
        f"nosuch,{AREA},2020,,,5,\n"
        f"arrests,{AREA},2020,,,401,\n"  # the same as row 2
        f"reoffenders,,abc,,,x,\n"
    )
    errors = errors_of(city, text)
    assert [(row, column) for row, column, _message in errors] == [
        (3, "series"),
        (4, "period"),
        (5, "area"),
        (5, "period"),
        (5, "value"),
    ]
    assert errors[1][2] == "2行目と同じ系列・地域・年・内訳です。"


def test_a_wrong_header_names_the_columns(city, city_series):
    errors = errors_of(city, "series,area,year,value\narrests,x,2020,5\n")
    assert (1, "period", "見出し行にこの列がありません。") in errors
    assert (1, "breakdown_kind", "見出し行にこの列がありません。") in errors
    assert (1, "year", "知らない列です。") in errors


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "values.csv", "ファイルが空です。"),
        (
            b"PK\x03\x04 not really a workbook",
            "values.xlsx",
            "Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です。",
        ),
        (HEADER.encode(), "values.csv", "取り込む行がありません。"),
    ],
)
def test_an_unreadable_file_is_refused(city, city_series, content, filename, message):
    assert errors_of(city, content, filename=filename) == [(None, "", message)]


class TestTotals:
    def test_parts_that_do_not_add_up_to_the_total_in_the_file_are_refused(self, city, city_series):
        text = HEADER + (
            f"arrests,{AREA},2020,,,10,\n"
            f"arrests,{AREA},2020,罪種,窃盗犯,6,\n"
            f"arrests,{AREA},2020,罪種,粗暴犯,5,\n"
        )
        assert errors_of(city, text) == [
            (
                2,
                "value",
                "検挙人員（架空） テスト市（架空） 2020: 内訳「罪種」の合計 11 が総数 10 と一致しません。",
            )
        ]

    def test_the_stored_values_count_as_well(self, city, city_series):
        # stored for 2019: total 300 = 窃盗犯 200 + 粗暴犯 100
        text = HEADER + f"arrests,{AREA},2019,罪種,窃盗犯,210,\n"
        [(row, column, message)] = errors_of(city, text)
        assert (row, column) == (2, "value")
        assert "合計 310 が総数 300 と一致しません" in message
        [(row, column, message)] = errors_of(city, HEADER + f"arrests,{AREA},2019,,,301,\n")
        assert "合計 300 が総数 301 と一致しません" in message

    def test_parts_that_add_up_are_taken(self, city, city_series):
        text = HEADER + (
            f"arrests,{AREA},2019,罪種,窃盗犯,190,\n"
            f"arrests,{AREA},2019,罪種,粗暴犯,110,\n"
            f"arrests,{AREA},2020,,,250,\n"
            f"arrests,{AREA},2020,罪種,窃盗犯,150,\n"
        )  # 2020 has a part missing: its parts are not all known yet, 150 ≠ 250
        [(row, column, message)] = errors_of(city, text)
        assert row == 4 and "合計 150 が総数 250" in message
        result = upload(city, text + f"arrests,{AREA},2020,罪種,粗暴犯,100,\n")
        assert (result.counts["created"], result.counts["updated"]) == (3, 2)

    def test_a_series_whose_parts_are_partial_is_not_checked(self, city, city_series):
        StatisticSeries.objects.filter(pk=city_series.arrests.pk).update(additive=False)
        upload(city, HEADER + f"arrests,{AREA},2019,罪種,窃盗犯,210,\n")
        assert StatisticValue.objects.get(
            series=city_series.arrests, period=2019, breakdown="窃盗犯"
        ).value == Decimal(210)

    def test_a_total_without_parts_is_fine(self, city, city_series):
        upload(city, HEADER + f"arrests,{AREA},2021,,,280,\n")
        assert StatisticValue.objects.filter(series=city_series.arrests, period=2021).exists()


class TestAGoodFile:
    def test_it_creates_and_updates_in_one_audited_step(self, city, city_series):
        revision = city.lg.content_revision
        text = HEADER + (
            f'arrests,{AREA},2020,,,"1,250",\n'
            f"arrests,{AREA},2018,,,330,訂正\n"  # update
            f"reoffenders,{AREA},2018,,,96,\n"  # unchanged
            f"arrests,熊本県（架空）,2020,,,5000,\n"
        )
        result = upload(city, text)
        assert (
            result.counts["created"],
            result.counts["updated"],
            result.counts["unchanged"],
        ) == (2, 1, 1)
        assert StatisticValue.objects.get(
            series=city_series.arrests, area=AREA, period=2020
        ).value == Decimal(1250)
        updated = StatisticValue.objects.get(series=city_series.arrests, area=AREA, period=2018)
        assert (updated.value, updated.note) == (Decimal(330), "訂正")
        # values that the file does not mention are kept
        assert StatisticValue.objects.filter(series=city_series.arrests, period=2019).count() == 3
        [entry] = AuditEntry.objects.filter(action="stats.import_values")
        assert entry.actor == city.users[Role.SECRETARIAT]
        assert entry.local_government == city.lg
        assert entry.changes == {
            "file": "values.csv",
            "rows": 4,
            "series": 2,
            "created": 2,
            "updated": 1,
            "unchanged": 1,
        }
        assert LocalGovernment.objects.get(pk=city.lg.pk).content_revision > revision

    def test_full_width_digits_and_shift_jis_are_read(self, city, city_series):
        text = HEADER + f"arrests,{AREA},２０２０,,,１２０,\n"
        upload(city, text, encoding="cp932")
        assert StatisticValue.objects.get(series=city_series.arrests, period=2020).value == Decimal(
            120
        )

    def test_an_excel_file_is_read_like_a_csv(self, city, city_series):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADER.strip().split(","))
        sheet.append(["arrests", AREA, 2020, None, None, 250, None])
        sheet.append(["arrests", AREA, 2020.0, "罪種", "窃盗犯", 150.0, "速報"])
        sheet.append(["arrests", AREA, 2020, "罪種", "粗暴犯", 100, None])
        buffer = io.BytesIO()
        workbook.save(buffer)
        result = upload(city, buffer.getvalue(), filename="values.xlsx")
        assert result.counts["created"] == 3
        assert StatisticValue.objects.get(breakdown="窃盗犯", period=2020).note == "速報"

    def test_an_excel_file_reports_its_own_row_numbers(self, city, city_series):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADER.strip().split(","))
        sheet.append([])
        sheet.append(["arrests", AREA, 2020, None, None, "abc", None])
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert errors_of(city, buffer.getvalue(), filename="values.xlsx") == [
            (3, "value", "数値にしてください（abc）。")
        ]

    def test_a_stated_value_may_be_negative_and_have_decimals(self, city, city_series):
        StatisticSeriesFactory(
            local_government=city.lg, key="change", kind=StatisticSeries.Kind.STATED
        )
        upload(city, HEADER + f"change,{AREA},2020,,,-1.25,\n")
        assert StatisticValue.objects.get(series__key="change").value == Decimal("-1.25")


class TestWhoMayImport:
    def test_only_the_secretariat_of_the_local_government(self, city, city_series, kumamoto):
        text = HEADER + f"arrests,{AREA},2020,,,5,\n"
        for role in (Role.DEPARTMENT, Role.PARTNER, Role.SYSTEM_ADMIN):
            with pytest.raises(PermissionDenied):
                upload(city, text, user=city.users[role])
        from conftest import make_role_users
        from plans.models import Department

        departments = Department.objects.filter(local_government=kumamoto.local_government)
        other = make_role_users(
            kumamoto.local_government,
            secretariat_department=departments[0],
            own_department=departments[1],
        )[Role.SECRETARIAT]
        with pytest.raises(PermissionDenied):
            upload(city, text, user=other)
        assert not StatisticValue.objects.filter(local_government=city.lg, period=2020).exists()

    def test_a_series_of_another_local_government_is_unknown(self, city, city_series, kumamoto):
        StatisticValueFactory(
            series=StatisticSeriesFactory(local_government=kumamoto.local_government, key="theirs")
        )
        [(row, column, message)] = errors_of(city, HEADER + f"theirs,{AREA},2020,,,5,\n")
        assert message == "統計系列 theirs は登録されていません。"
