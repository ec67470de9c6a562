"""The Excel workbook of a compiled progress report (see pdca.compiled.compile): a summary sheet, a
sheet per pillar (a row per measure × responsible department), the indicators laid out
like 資料編4 of the plan and a sheet per section other parts add, ready to print on A4."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from core import wareki
from core.web.exports import neutralise_workbook, xlsx_number_format
from pdca.compiled.data import CompiledReport, CountColumn, CountRow, IndicatorLine, PillarSection
from pdca.compiled.sections import ReportSection

# (header, width in characters of the column)
_PILLAR_COLUMNS = [
    ("number", 9),
    ("measure", 28),
    ("department", 16),
    ("evaluation", 11),
    ("actions", 40),
    ("results", 36),
    ("issues", 30),
    ("next_steps", 30),
    ("status", 13),
]
_CENTRED = {"number", "evaluation", "status"}
# A section cell that is a formatted number (1,234 / 62.5) goes in as a number.
_DISPLAY_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_LINE_HEIGHT = 15  # points per line of 10-point text (Japanese fonts have tall lines)
_MAX_ROW_HEIGHT = 409  # Excel's limit


def _pillar_headers() -> dict[str, str]:
    return {
        "number": _("番号"),
        "measure": _("取組"),
        "department": _("担当課"),
        "evaluation": _("自己評価"),
        "actions": _("実施内容"),
        "results": _("実績"),
        "issues": _("課題"),
        "next_steps": _("今後の方向性"),
        "status": _("状態"),
    }


def _text_lines(text: str, width: int) -> int:
    """The number of lines `text` wraps to in a column `width` characters wide (a full-width
    character takes two)."""
    lines = 0
    for line in str(text).split("\n"):
        size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        lines += max(1, math.ceil(size / max(width - 1, 1)))
    return lines


class _Styles:
    """The workbook's cell styles. Table cells get one named style each: assigning a font,
    border, alignment and fill one by one costs several times more (openpyxl hashes each)."""

    def __init__(self, workbook):
        thin = Side(style="thin", color="9AA1A9")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        body, bold = Font(size=10), Font(size=10, bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
        right = Alignment(horizontal="right", vertical="top")
        pending = PatternFill("solid", fgColor="FFF4CC")
        header = PatternFill("solid", fgColor="E8EEF4")

        def named(name, **attributes):
            style = NamedStyle(name=name, border=border, **attributes)
            workbook.add_named_style(style)
            return name

        self.text = named("report text", font=body, alignment=wrap)
        self.centred = named("report centred", font=body, alignment=centre)
        self.text_pending = named("report text pending", font=body, alignment=wrap, fill=pending)
        self.centred_pending = named(
            "report centred pending", font=body, alignment=centre, fill=pending
        )
        self.header = named("report header", font=bold, alignment=centre, fill=header)
        self.count = named("report count", font=body, alignment=right, number_format="#,##0")
        self.count_total = named(
            "report count total", font=bold, alignment=right, number_format="#,##0"
        )
        self.label_total = named("report label total", font=bold, alignment=wrap)
        self.unpublished = Font(size=10, italic=True, color="8A6D00")
        self.title = Font(size=14, bold=True)
        self.subtitle = Font(size=11, bold=True)
        self.bold = bold
        self.body = body
        self.muted = Font(size=9, color="555555")


def _page_setup(sheet, *, landscape: bool, title_rows: str | None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.center.size = 9


def _header_row(sheet, row: int, headers: list[str], styles: _Styles) -> None:
    for column, text in enumerate(headers, start=1):
        sheet.cell(row=row, column=column, value=text).style = styles.header


def _target_format(line: IndicatorLine) -> str:
    """The target's number format: thousands separators, and 以下 after a target that is an
    upper bound (shown 450以下, stored 450)."""
    number_format = xlsx_number_format(line.target_value)
    if line.target_is_upper_bound:
        return f'{number_format}"{_("以下")}"'
    return number_format


def _write_summary(sheet, data: CompiledReport, styles: _Styles) -> None:
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 13
    sheet["A1"] = data.title
    sheet["A1"].font = styles.title
    facts = [
        (_("計画"), data.plan.title),
        (_("対象年度"), data.fiscal_year_label),
        (_("版"), data.edition),
        (_("作成日"), wareki.date_label(data.generated_on)),
        (_("取組数"), data.measure_count),
        (_("掲載した報告"), data.report_count),
    ]
    row = 3
    for label, value in facts:
        sheet.cell(row=row, column=1, value=label).font = styles.bold
        cell = sheet.cell(row=row, column=2, value=value)
        cell.font = styles.body
        if xlsx_number_format(value):
            cell.number_format = xlsx_number_format(value)
        row += 1

    def table(title: str, columns: list[CountColumn], rows: list[CountRow]) -> None:
        nonlocal row
        row += 1
        sheet.cell(row=row, column=1, value=title).font = styles.subtitle
        row += 1
        _header_row(sheet, row, [_("推進施策")] + [c.label for c in columns] + [_("計")], styles)
        for count_row in rows:
            row += 1
            label = f"{count_row.label} {count_row.title}".strip()
            cell = sheet.cell(row=row, column=1, value=label)
            cell.style = styles.label_total if count_row.is_total else styles.text
            number_style = styles.count_total if count_row.is_total else styles.count
            for column, value in enumerate([*count_row.counts, count_row.total], start=2):
                sheet.cell(row=row, column=column, value=value).style = number_style

    if not data.public:
        table(_("報告の状態"), data.status_columns, data.status_rows)
    table(_("自己評価の分布"), data.evaluation_columns, data.evaluation_rows)
    row += 2
    sheet.cell(row=row, column=1, value=_("自己評価の基準")).font = styles.subtitle
    for label, text in data.evaluation_definitions:
        row += 1
        sheet.cell(row=row, column=1, value=label).font = styles.bold
        sheet.cell(row=row, column=2, value=text).font = styles.body
    if not data.public:
        row += 2
        note = _("各節のシートで、承認前の報告の行は色付きで示しています。")
        sheet.cell(row=row, column=1, value=note).font = styles.muted
    _page_setup(sheet, landscape=False, title_rows=None)


def _write_pillar(sheet, pillar: PillarSection, data: CompiledReport, styles: _Styles) -> None:
    columns = [c for c in _PILLAR_COLUMNS if not (data.public and c[0] == "status")]
    headers = _pillar_headers()
    sheet["A1"] = f"{pillar.label} {pillar.title}"
    sheet["A1"].font = styles.subtitle
    _header_row(sheet, 2, [headers[key] for key, _width in columns], styles)
    for index, (_key, width) in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    row = 2
    for measure in pillar.measures:
        for report in measure.reports:
            row += 1
            values = {
                "number": measure.number,
                "measure": measure.heading,
                "department": report.department,
                "evaluation": report.evaluation_label,
                "actions": report.actions,
                "results": report.results_text,
                "issues": report.issues,
                "next_steps": report.next_steps,
                "status": report.status_label,
            }
            lines = 1
            pending = not data.public and not report.is_accepted
            text = styles.text_pending if pending else styles.text
            centred = styles.centred_pending if pending else styles.centred
            for column, (key, width) in enumerate(columns, start=1):
                value = values[key]
                cell = sheet.cell(row=row, column=column, value=value or None)
                cell.style = centred if key in _CENTRED else text
                if value:
                    lines = max(lines, _text_lines(value, width))
            sheet.row_dimensions[row].height = min(lines * _LINE_HEIGHT + 4, _MAX_ROW_HEIGHT)
    if row == 2:
        sheet.cell(row=3, column=1, value=_("掲載する報告はありません。")).font = styles.body
    sheet.freeze_panes = "A3"
    if row > 2:
        sheet.auto_filter.ref = f"A2:{sheet.cell(row=row, column=len(columns)).coordinate}"
    _page_setup(sheet, landscape=True, title_rows="2:2")


def _write_indicators(sheet, data: CompiledReport, styles: _Styles) -> None:
    sheet["A1"] = _("成果指標・参考指標の状況")
    sheet["A1"].font = styles.subtitle
    headers = [
        _("区分"),
        _("指標名"),
        _("単位"),
        _("基準値"),
        _("基準年（度）"),
        *(wareki.fiscal_year_label(period) for period in data.periods),
        _("目標値"),
        _("目標の注記"),
        _("目標年（度）"),
        _("状況"),
        _("判定の理由"),
    ]
    _header_row(sheet, 2, headers, styles)
    widths = [11, 36, 7, 11, 18, *(14 for _p in data.periods), 12, 22, 18, 9, 34]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    row = 2
    target_column = 6 + len(data.periods)
    any_unpublished = any(any(line.unpublished) for line in data.indicators)
    for line in data.indicators:
        row += 1
        name = line.name + (f"\n{line.definition}" if line.definition else "")
        if line.calendar_year:
            name += _("（暦年）")
        # A target value is a number (a direction, 増加, stays text); its note has a column.
        target = line.target_value if line.target_value is not None else line.target_text
        cells = [
            (line.category, styles.centred),
            (name, styles.text),
            (line.unit, styles.centred),
            (line.baseline_value, styles.count),
            (line.baseline_period, styles.text),
            *((value, styles.count) for value in line.actuals),
            (target, styles.count if line.target_value is not None else styles.text),
            (line.target_note, styles.text),
            (line.target_period, styles.text),
            (line.status_label, styles.centred),
            (line.reason, styles.text),
        ]
        lines = 1
        for column, (value, style) in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.style = style
            if column == target_column and line.target_value is not None:
                cell.number_format = _target_format(line)
            elif isinstance(value, Decimal):
                cell.number_format = xlsx_number_format(value)
            elif value:
                lines = max(lines, _text_lines(value, widths[column - 1]))
        for offset, unpublished in enumerate(line.unpublished):
            if unpublished:
                sheet.cell(row=row, column=6 + offset).font = styles.unpublished
        sheet.row_dimensions[row].height = min(lines * _LINE_HEIGHT + 4, _MAX_ROW_HEIGHT)
    notes = [_("暦年で集計する指標は、各年度の列にその年（1〜12月）の値を示します。")]
    if any_unpublished:
        notes.append(_("斜体の値はまだ公表していない値です（職員用）。"))
    for note in notes:
        row += 2
        sheet.cell(row=row, column=1, value=note).font = styles.muted
    sheet.freeze_panes = "C3"
    _page_setup(sheet, landscape=True, title_rows="2:2")


def _section_value(text: str):
    """A display cell of a section: a formatted number becomes a number, anything else (5未満,
    —) stays text."""
    text = str(text)
    if _DISPLAY_NUMBER.fullmatch(text):
        value = Decimal(text.replace(",", ""))
        return int(value) if value == value.to_integral_value() else value
    return text


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    return _SHEET_TITLE_FORBIDDEN.sub("・", title)[:31]


def _write_section(sheet, section: ReportSection, styles: _Styles) -> None:
    """A section another part adds (pdca.compiled.sections): its title, note and tables."""
    sheet["A1"] = section.title
    sheet["A1"].font = styles.subtitle
    row = 1
    if section.note:
        row += 1
        sheet.cell(row=row, column=1, value=section.note).font = styles.muted
    width = max((len(table.columns) for table in section.tables), default=0)
    sheet.column_dimensions["A"].width = 34
    for column in range(2, width + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 14
    for table in section.tables:
        row += 2
        sheet.cell(row=row, column=1, value=table.caption).font = styles.subtitle
        row += 1
        _header_row(sheet, row, [table.row_heading, *table.columns], styles)
        for label, cells in table.rows:
            row += 1
            sheet.cell(row=row, column=1, value=label).style = styles.text
            for column, text in enumerate(cells, start=2):
                value = _section_value(text)
                cell = sheet.cell(row=row, column=column, value=value)
                cell.style = styles.count
                if not isinstance(value, str):
                    cell.number_format = xlsx_number_format(value)
    _page_setup(sheet, landscape=width > 4, title_rows=None)


def workbook_bytes(data: CompiledReport) -> bytes:
    """Return the report as an Excel workbook: a summary sheet, a sheet per pillar, the
    indicators, and a sheet per section other parts add."""
    workbook = Workbook()
    styles = _Styles(workbook)
    summary = workbook.active
    summary.title = _("概要")
    _write_summary(summary, data, styles)
    for pillar in data.pillars:
        _write_pillar(workbook.create_sheet(pillar.label), pillar, data, styles)
    _write_indicators(workbook.create_sheet(_("指標")), data, styles)
    for section in data.sections:
        _write_section(workbook.create_sheet(_sheet_title(section.title)), section, styles)
    workbook.properties.title = f"{data.title} {data.fiscal_year_label}"
    workbook.properties.creator = "Tsunagu"
    neutralise_workbook(workbook)  # report texts come from the departments' forms
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
