"""Open-data resources of the PDCA cycle: accepted progress reports and indicator actuals
(published values only; see docs/opendata.md)."""

from django.utils.translation import gettext_lazy as _

from core.opendata import Field, Resource, register
from pdca.indicators.status import indicator_rows
from pdca.models import ProgressReport
from plans.opendata import PERIOD_HELP
from plans.selectors import published_plan as _published_plan


def _period(year, kind):
    return f"FY{year}" if kind == "fiscal_year" else str(year)


def _progress_report_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    reports = (
        ProgressReport.objects.filter(cycle__plan=plan, status=ProgressReport.Status.ACCEPTED)
        .select_related("cycle", "measure__area__pillar", "department")
        .order_by(
            "cycle__fiscal_year",
            "measure__area__pillar__number",
            "measure__area__number",
            "measure__number",
            "department_id",
        )
    )
    for report in reports.iterator(chunk_size=2000):
        yield {
            "fiscal_year": report.cycle.fiscal_year,
            "measure_id": report.measure_id,
            "department_id": report.department_id,
            "evaluation": report.evaluation,
            "actions": report.actions,
            "results": report.results,
            "figures": "; ".join(
                f"{f['label']}={f['value']}{f.get('unit', '')}" for f in report.figures
            ),
            "issues": report.issues,
            "next_steps": report.next_steps,
            "accepted_on": report.accepted_at.date().isoformat() if report.accepted_at else "",
        }


def _indicator_value_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    for row in indicator_rows(plan, published_only=True):
        kind = row.indicator.baseline_period_kind
        for period in row.periods:
            yield {
                "indicator_id": row.indicator.pk,
                "period": _period(period, kind),
                "value": row.actuals[period],
                "source": row.sources.get(period, "")
                or (
                    row.indicator.statistic_series
                    and "statistics:" + row.indicator.statistic_series
                )
                or "",
                "status": row.assessment.status if period == max(row.periods) else "",
            }


register(
    Resource(
        name="progress_reports",
        title=_("進捗状況報告（承認済）"),
        fields=(
            Field("fiscal_year", "integer", _("対象年度（西暦、4月始まり）"), required=True),
            Field("measure_id", "integer", required=True),
            Field("department_id", "integer", required=True),
            Field(
                "evaluation", "string", _("自己評価 A 順調 / B おおむね順調 / C 遅れ / D 未着手")
            ),
            Field("actions", "string", _("実施内容")),
            Field("results", "string", _("実績")),
            Field("figures", "string", _("実績の数値（項目=値単位 を ; で区切る）")),
            Field("issues", "string", _("課題")),
            Field("next_steps", "string", _("今後の方向性")),
            Field("accepted_on", "date", _("承認日")),
        ),
        rows=_progress_report_rows,
        primary_key=("fiscal_year", "measure_id", "department_id"),
        foreign_keys=(
            {"fields": "measure_id", "reference": {"resource": "measures", "fields": "id"}},
            {"fields": "department_id", "reference": {"resource": "departments", "fields": "id"}},
        ),
    )
)
register(
    Resource(
        name="indicator_values",
        title=_("指標の実績値"),
        fields=(
            Field("indicator_id", "integer", required=True),
            Field("period", "string", PERIOD_HELP, required=True),
            Field("value", "number", required=True),
            Field("source", "string", _("出典（statistics:キー は統計系列から読んだ値）")),
            Field("status", "string", _("最新の期間の判定: achieved, on_track, off_track")),
        ),
        rows=_indicator_value_rows,
        primary_key=("indicator_id", "period"),
        foreign_keys=(
            {"fields": "indicator_id", "reference": {"resource": "indicators", "fields": "id"}},
        ),
    )
)
