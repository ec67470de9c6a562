"""The anonymous aggregates of support coordination as a section of the compiled progress report
(進捗状況報告書), registered with `pdca.compiled.sections` from `CoordinationConfig.ready()`:
pdca knows nothing of coordination, this module hands it display text.

The cells are the suppressed cells of `coordination.support.aggregates` (a count under 5 is
「5未満」), so the staff and the public versions carry the same, anonymous, tables."""

from __future__ import annotations

from django.utils.translation import gettext as _

from coordination.models import Case
from coordination.support import indicators
from coordination.support.aggregates import SUPPRESS_BELOW, Table, aggregates
from pdca.compiled.sections import ReportSection, ReportTable, register

KEY = "support-coordination"


def _display(table: Table) -> ReportTable:
    return ReportTable(
        caption=table.caption,
        row_heading=table.row_heading,
        columns=[str(column) for column in table.columns],
        rows=[(str(label), [cell.text for cell in cells]) for label, cells in table.rows],
    )


def build(local_government, fiscal_year: int, public: bool) -> ReportSection | None:
    """The section of the body's fiscal year, or None when the body has no case at all (it does
    not use support coordination). `public` changes nothing: the tables are anonymous."""
    if not Case.objects.filter(local_government=local_government).exists():
        return None
    data = aggregates(local_government, fiscal_year)
    people = ReportTable(
        caption=_("支援した人数（年度中に支援中だったケースの人数）"),
        row_heading=_("区分"),
        columns=[_("人数")],
        rows=[(_("支援した人"), [data.people.text])],
    )
    return ReportSection(
        key=KEY,
        title=_("支援のつなぎ（匿名の集計）"),
        note=_(
            "支援のつなぎの仕組みを通じて支援した人を、個人が特定されない形で年度（4月から"
            "翌年3月）ごとに集計したものです。%(threshold)d未満の数は「5未満」と表示し、"
            "数値を示していません。紹介は件数、それ以外は人数です。"
        )
        % {"threshold": SUPPRESS_BELOW},
        tables=[
            people,
            *(_display(table) for table in data.tables()),
            _indicator_table(local_government, fiscal_year, data, public),
        ],
    )


def _indicator_table(local_government, fiscal_year: int, data, public: bool) -> ReportTable:
    """The plan's reference indicators beside the case figures of their pillar; the public
    version reads only the published actuals, as the report's indicator table does."""
    plan = indicators.plan_for(local_government, fiscal_year, public=public)
    lines = indicators.indicator_lines(data, plan, published_only=public)
    header, *rows = indicators.csv_rows(lines)
    return ReportTable(
        caption=_("分野ごとの参考指標と、支援のつなぎの数"),
        row_heading=header[0],
        columns=header[1:],
        rows=[(row[0], row[1:]) for row in rows],
    )


def register_section() -> None:
    register(KEY, build)
