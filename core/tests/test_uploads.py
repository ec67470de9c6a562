"""The bounded table reader (core.uploads): every limit is enforced with a message naming the
limit and the file's size, a hostile file is refused in linear time, and a workbook that is
not a table is a file error. The importers' pages are tested in test_hostile_uploads.py."""

import csv

import pytest
import yaml

from core.package.csv_files import read_csv_file
from core.testing import hostile_files as hostile
from core.uploads import (
    PackageYamlLoader,
    TableLimits,
    TableUnreadable,
    human_size,
    read_csv_path,
    read_records,
    read_text_path,
    read_upload,
)

LIMITS = TableLimits(
    max_bytes=10_000,
    max_rows=3,
    max_columns=4,
    max_cell_chars=20,
    max_unpacked_bytes=200_000,
)
HEADER = ["a", "b", "c"]


def refusal(content: bytes, filename: str = "table.csv", limits: TableLimits = LIMITS) -> str:
    with pytest.raises(TableUnreadable) as caught:
        read_records(content, filename=filename, limits=limits)
    return caught.value.message


class TestCSV:
    def test_it_gives_the_non_blank_records_with_their_numbers(self):
        # A record is kept as it is (a package's reader tells a short row); one wider than
        # the limit but for trailing empty cells is cut to its width.
        content = b"a,b,c\n\n1,2,,\n , ,\n4,5,6,,,\n"
        assert read_records(content, limits=LIMITS) == [
            (1, ["a", "b", "c"]),
            (3, ["1", "2", "", ""]),
            (5, ["4", "5", "6"]),
        ]

    def test_shift_jis_is_read_and_an_unknown_encoding_is_named(self):
        assert read_records("見出し\n値\n".encode("cp932"), limits=LIMITS)[1] == (2, ["値"])
        assert refusal(b"\xff\xfe\x00a") == "CSV ファイルとして読めません。"
        assert "文字コードが読めません" in refusal(b"\x81\x20\xff")

    def test_too_many_bytes_names_the_limit_and_the_size(self):
        assert refusal(b"a\n" * 6_000) == (
            "ファイルが大きすぎます（上限 9.8 KB、このファイルは 11.7 KB）。"
        )

    def test_too_many_columns_names_the_limit_the_row_and_the_count(self):
        assert refusal(b"a,b,c\n1,2,3,4,5\n") == "列が多すぎます（上限 4列、2行目は 5列）。"

    def test_trailing_empty_cells_do_not_count_as_columns(self):
        records = read_records(b"a,b,c" + b"," * 5_000 + b"\n1,2,3\n", limits=LIMITS)
        assert records == [(1, ["a", "b", "c"]), (2, ["1", "2", "3"])]

    def test_a_long_cell_names_the_limit_its_place_and_its_length(self):
        message = refusal(b"a,b,c\n1," + b"x" * 25 + b",3\n")
        assert message == "セルの文字数が多すぎます（上限 20文字、2行目の2列目は25文字）。"

    def test_a_cell_past_the_csv_modules_own_limit_is_refused_too(self):
        # The csv module's limit is process-wide, and libraries loaded by other tests
        # (frictionless) raise it: set the default for this test.
        previous = csv.field_size_limit(128 * 1024)
        try:
            limits = TableLimits(10**7, 3, 4, 20, 10**6)
            message = refusal(b'a\n"' + b"x" * 200_000 + b'"\n', limits=limits)
        finally:
            csv.field_size_limit(previous)
        assert message == "セルの文字数が多すぎます（上限 20文字、2行目）。"

    def test_too_many_rows_names_the_limit_and_the_count(self):
        content = b"a,b,c\n" + b"1,2,3\n\n" * 7
        assert refusal(content) == (
            "行が多すぎます（上限 3行、このファイルは 7行）。分けて取り込んでください。"
        )

    def test_an_empty_file_and_broken_quoting(self):
        assert refusal(b"") == "ファイルが空です。"
        assert refusal(b'a\n"x"y\x00') == "CSV ファイルとして読めません。"

    def test_a_header_of_200000_columns_is_refused_at_once(self):
        content = hostile.wide_csv(200_000)
        assert 390_000 < len(content) < 410_000
        message = refusal(content, limits=TableLimits.for_uploads())
        assert message == "列が多すぎます（上限 100列、1行目は 200,000列）。"


class TestXLSX:
    def test_it_reads_the_first_worksheet_like_a_csv(self):
        content = hostile.workbook([HEADER, [1, 2.5, None], [], [True, hostile.a_date(), "x"]])
        assert read_records(content, filename="t.xlsx", limits=LIMITS) == [
            (1, ["a", "b", "c"]),
            (2, ["1", "2.5"]),
            (4, ["true", "2020-04-01T00:00:00", "x"]),
        ]

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (hostile.not_a_zip, "として読めません"),
            (lambda: hostile.truncated_zip(HEADER), "として読めません"),
            (lambda: hostile.zip_without_workbook(HEADER), "xl/workbook.xml がありません"),
            (hostile.chart_sheet_only, "として読めません"),
            (lambda: hostile.broken_sheet_xml(HEADER), "として読めません"),
            (lambda: hostile.entity_bomb(HEADER), "として読めません"),
        ],
        ids=["not-a-zip", "truncated", "no-workbook", "chart-sheet", "broken-xml", "entity-bomb"],
    )
    def test_a_workbook_that_is_not_a_table_is_a_file_error(self, build, message):
        assert message in refusal(build(), filename="t.xlsx")

    def test_a_workbook_with_only_a_chart_sheet_says_so_when_openpyxl_reads_it(self):
        # openpyxl fails on a chart sheet without a chart; one with an empty worksheet list
        # (read as such) gets the plainer message.
        from unittest import mock

        with mock.patch("openpyxl.workbook.Workbook.worksheets", new=[]):
            message = refusal(hostile.workbook([HEADER]), filename="t.xlsx")
        assert message == "ワークシートがありません（グラフシートだけのブックは読めません）。"

    def test_an_empty_sheet_has_no_records(self):
        assert read_records(hostile.empty_sheet(), filename="t.xlsx", limits=LIMITS) == []

    def test_a_zip_bomb_is_refused_before_it_is_opened(self):
        message = refusal(hostile.zip_bomb(HEADER, 300_000), filename="t.xlsx")
        assert message.startswith("Excel ファイルを展開すると大きすぎます（上限 195.3 KB、")

    def test_rows_columns_and_cells_are_bounded_as_in_a_csv(self):
        wide = hostile.workbook([[*HEADER, "d", "e"]])
        assert refusal(wide, filename="t.xlsx") == "列が多すぎます（上限 4列、1行目は 5列）。"
        long = hostile.workbook([HEADER, ["x" * 21]])
        assert "上限 20文字、2行目の1列目は21文字" in refusal(long, filename="t.xlsx")
        tall = hostile.workbook([HEADER] + [[n] for n in range(5)])
        assert refusal(tall, filename="t.xlsx") == (
            "行が多すぎます（上限 3行、このシートにはそれより多くの行があります）。"
            "分けて取り込んでください。"
        )

    @pytest.mark.filterwarnings("ignore:Cell B2 is marked as a date")
    def test_error_values_and_dates_come_as_text_for_the_importer_to_refuse(self):
        row = [1, 2, 3]
        assert read_records(
            hostile.with_cell(HEADER, row, "b", "#DIV/0!"), filename="t.xlsx", limits=LIMITS
        )[1] == (2, ["1", "#DIV/0!", "3"])
        assert read_records(
            hostile.date_out_of_range(HEADER, row, "b"), filename="t.xlsx", limits=LIMITS
        )[1] == (2, ["1", "#VALUE!", "3"])


class TestPackageFiles:
    def test_a_package_csv_over_the_limits_is_a_row_error(self, tmp_path, settings):
        settings.TSUNAGU_PACKAGE_MAX_ROWS = 2
        path = tmp_path / "measures.csv"
        path.write_text("a,b\n1,2\n3,4\n5,6\n", encoding="utf-8")
        errors = []
        rows = read_csv_file(path, "measures.csv", ["a", "b"], lambda *e: errors.append(e))
        assert rows == []
        assert errors == [
            (
                "measures.csv",
                None,
                "",
                "行が多すぎます（上限 2行、このファイルは 3行）。分けて取り込んでください。",
            )
        ]

    def test_a_package_file_is_measured_before_it_is_read(self, tmp_path, settings):
        settings.TSUNAGU_PACKAGE_MAX_FILE_BYTES = 100
        path = tmp_path / "plan.yaml"
        path.write_text("x" * 101, encoding="utf-8")
        with pytest.raises(TableUnreadable, match="上限 100 バイト、このファイルは 101 バイト"):
            read_text_path(path)
        with pytest.raises(TableUnreadable, match="上限 100 バイト"):
            read_csv_path(path)

    def test_package_csv_must_be_utf8(self, tmp_path):
        path = tmp_path / "a.csv"
        path.write_bytes("見出し\n".encode("cp932"))
        with pytest.raises(TableUnreadable, match="UTF-8 で保存してください。"):
            read_csv_path(path)

    def test_yaml_aliases_are_refused(self):
        laughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
        with pytest.raises(yaml.YAMLError, match="別名（\\*名前）は使えません。"):
            yaml.load(laughs, Loader=PackageYamlLoader)  # noqa: S506 - SafeLoader subclass
        assert yaml.load("a: [x, y]\n", Loader=PackageYamlLoader) == {"a": ["x", "y"]}  # noqa: S506


def test_human_sizes():
    assert [human_size(n) for n in (900, 1024, 5 * 1024 * 1024, 1536 * 1024**3)] == [
        "900 バイト",
        "1 KB",
        "5 MB",
        "1,536 GB",
    ]


class TestUploadedFiles:
    """An upload's size is checked before it is read into memory (core.uploads.read_upload)."""

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self):
        class Unreadable:
            size = 10_001

            def seek(self, offset):
                raise AssertionError("seeked")

            def read(self, *args):
                raise AssertionError("read")

        with pytest.raises(TableUnreadable) as caught:
            read_upload(Unreadable(), limits=LIMITS)
        assert caught.value.message.startswith("ファイルが大きすぎます（上限 9.8 KB、")

    def test_a_size_that_lies_is_caught_after_the_limit_and_one_byte(self):
        import io

        class Lying:
            size = 10  # what a broken handler might say

            def __init__(self):
                self.file = io.BytesIO(b"a," * 20_000)
                self.reads = []

            def seek(self, offset):
                self.file.seek(offset)

            def read(self, *args):
                self.reads.append(args)
                return self.file.read(*args)

        upload = Lying()
        with pytest.raises(TableUnreadable):
            read_upload(upload, limits=LIMITS)
        assert upload.reads == [(10_001,)]

    def test_a_file_within_the_limit_is_read_whole(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("t.csv", b"a,b\n1,2\n")
        upload.read()  # a file already read once is read again from its start
        assert read_upload(upload, limits=LIMITS) == b"a,b\n1,2\n"


class TestDefusedXML:
    """openpyxl parses a workbook's parts with defusedxml when it is installed (it is locked)."""

    def test_openpyxl_uses_defusedxml(self):
        import openpyxl.xml
        import openpyxl.xml.functions

        assert openpyxl.xml.DEFUSEDXML is True
        assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")

    def test_an_entity_bomb_is_refused_by_defusedxml(self, caplog):
        with caplog.at_level("INFO", logger="core.uploads"):
            message = refusal(hostile.entity_bomb(HEADER), filename="t.xlsx")
        assert "として読めません" in message
        # refused by defusedxml for its entities, not by expat after expanding some of them
        assert "EntitiesForbidden" in caplog.text or "DTDForbidden" in caplog.text
