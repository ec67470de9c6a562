"""The yearly summary of the events and training courses (/staff/employment/events/summary/):
the counts of employment.events.counts.fiscal_year_counts for every fiscal year, as a table to copy
into progress reports, and for one year the figures as a progress report's 実績の数値 rows,
next to the progress reports of that year whose measure they belong to.

Nothing here writes to the PDCA cycle: the department that writes a report copies the
figures it wants (the pdca models are not changed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import has_role
from core.roles import Role
from core.wareki import fiscal_year_label, fiscal_year_of
from core.web.params import int_param
from employment.events.counts import (
    FigureGroup,
    FiscalYearCounts,
    figure_groups,
    fiscal_year_counts,
    fiscal_years_with_records,
)
from employment.models import Event
from pdca.models import ProgressReport, ReportingCycle


def _rows() -> list[tuple[str, str, str, callable]]:
    """(group, item, unit, value of a FiscalYearCounts) for each row of the table."""
    times, companies, people, cases = _("回"), _("社"), _("人"), _("件")
    rows = []
    for kind, label in Event.Kind.choices:
        label = str(label)

        def totals(counts, kind=kind):
            return counts.by_kind(kind)

        rows += [
            (label, _("開催回数"), times, lambda c, t=totals: t(c).events),
            (label, _("参加企業数"), companies, lambda c, t=totals: t(c).companies),
            (label, _("参加者数"), people, lambda c, t=totals: t(c).participants),
        ]
        if kind != Event.Kind.SEMINAR:
            rows += [
                (label, _("面談数"), cases, lambda c, t=totals: t(c).interviews),
                (label, _("就職者数"), people, lambda c, t=totals: t(c).hires),
            ]
    course = _("就労に向けた講座")
    rows += [
        (course, _("講座数"), _("講座"), lambda c: c.training.courses),
        (course, _("実施回数"), times, lambda c: c.training.sessions),
        (course, _("受講者数"), people, lambda c: c.training.participants),
        (course, _("修了者数"), people, lambda c: c.training.completed),
        (course, _("資格取得者数"), people, lambda c: c.training.certified),
        (course, _("就職者数"), people, lambda c: c.training.hires),
    ]
    return rows


def yearly_counts(local_government) -> list[FiscalYearCounts]:
    """The counts of every fiscal year with an event or course, oldest first (the current
    fiscal year always included)."""
    years = set(fiscal_years_with_records(local_government))
    years.add(fiscal_year_of(timezone.localdate()))
    return [fiscal_year_counts(local_government, year) for year in sorted(years)]


def summary_table(local_government) -> list[list]:
    """The summary as rows, header first (the CSV download)."""
    counts = yearly_counts(local_government)
    header = [_("区分"), _("項目"), _("単位")] + [fiscal_year_label(c.fiscal_year) for c in counts]
    return [header] + [
        [group, item, unit, *(value(c) for c in counts)] for group, item, unit, value in _rows()
    ]


@dataclass
class Suggestion:
    group: FigureGroup
    reports: list  # pdca ProgressReports of the year whose measure the figures belong to


def _suggestions(user, local_government, counts: FiscalYearCounts) -> tuple[bool, list]:
    """(whether the year has a reporting cycle, a Suggestion per activity of the year)."""

    groups = figure_groups(counts)
    cycles = ReportingCycle.objects.filter(
        local_government=local_government, fiscal_year=counts.fiscal_year
    )
    if not cycles.exists():
        return False, [Suggestion(group, []) for group in groups]
    reports = ProgressReport.objects.filter(
        cycle__in=cycles,
        department__kind="department",  # not 関係各課 (no one writes it)
    ).select_related("measure__area__pillar", "department", "cycle")
    if not has_role(user, [Role.SECRETARIAT]):
        reports = reports.filter(department_id=user.department_id)
    reports = list(reports)
    return True, [
        Suggestion(group, [r for r in reports if group.matches(r.measure.headings)])
        for group in groups
    ]


def summary_context(request, local_government) -> dict:
    counts = yearly_counts(local_government)
    by_year = {c.fiscal_year: c for c in counts}
    selected = int_param(request.GET, "year", minimum=1, maximum=9999)
    if selected not in by_year:
        selected = None
    if selected is None:
        with_records = [c.fiscal_year for c in counts if not c.is_empty]
        selected = with_records[-1] if with_records else counts[-1].fiscal_year
    has_cycle, suggestions = _suggestions(request.user, local_government, by_year[selected])
    rows = []
    previous = None
    for group, item, unit, value in _rows():
        rows.append(
            {
                "group": group if group != previous else "",
                "item": item,
                "unit": unit,
                "values": [value(c) for c in counts],
            }
        )
        previous = group
    return {
        "counts": counts,
        "rows": rows,
        "selected": selected,
        "selected_counts": by_year[selected],
        "has_cycle": has_cycle,
        "suggestions": suggestions,
        "is_secretariat": has_role(request.user, [Role.SECRETARIAT]),
        "is_department": has_role(request.user, [Role.DEPARTMENT]),
    }
