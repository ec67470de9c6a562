"""The industry gap: the industries cooperating employers are in against the industries job
seekers want, so that the city sees which industries to recruit employers from.

Three sources, per industry (the seed's ten, in its order):
- the plan's statistics: the series `cooperating_employers_city` (熊本市 103 by industry,
  令和2年4月1日現在), read from stats, its latest year;
- the approved employers registered here (live);
- the industries the active job-seeker profiles want (live; a seeker who wants three
  industries counts in each, so the seekers' shares are of all wishes and add up to 100).

The difference is in percentage points: the seekers' share minus the employers' share. The
seed's survey of people on probation (44) and in prison (97) gives no per-industry figures in
its text: its counts are shown with 「内訳は計画書に数値の記載なし」, never invented.

For the public page (`public=True`) a seeker count from 1 to 4 is not shown (「5人未満」), and
neither is its share or difference; when exactly one cell is hidden, the next smallest is
hidden too, so that the hidden one cannot be worked out from the others. With fewer than 5
active seekers in all, no seeker figure is shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from employment.bits import bit
from employment.matching import SMALL_CELL
from employment.models import Employer, Industry, JobSeeker
from stats.models import StatisticSeries
from stats.selectors import period_text, series_points

EMPLOYERS_SERIES = "cooperating_employers_city"
SURVEY_SERIES = "survey_supported_persons"
INDUSTRY_BREAKDOWN = "業種"  # i18n-data (the breakdown kind as the plan package names it)
ONE_DECIMAL = Decimal("0.1")


def share(count: int | None, total: int) -> Decimal | None:
    if count is None or not total:
        return None
    return (Decimal(count * 100) / total).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def points_difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    return a - b


@dataclass
class GapRow:
    industry: str
    label: str
    statistic: int | None = None  # employers in the plan's statistics
    statistic_share: Decimal | None = None
    employers: int = 0  # approved employers registered here
    employer_share: Decimal | None = None
    seekers: int | None = 0  # active seekers who want it; None when hidden (public page)
    seeker_share: Decimal | None = None
    difference_statistic: Decimal | None = None  # seeker share - statistics share (points)
    difference_employers: Decimal | None = None  # seeker share - registered share (points)

    @property
    def seekers_hidden(self) -> bool:
        return self.seekers is None


@dataclass
class Survey:
    label: str
    people: int
    period_label: str


@dataclass
class IndustryGap:
    rows: list[GapRow]
    public: bool
    statistic_total: int | None = None
    statistic_caption: str = ""
    employers_total: int = 0
    seekers_total: int = 0  # active seekers (people)
    wishes_total: int = 0  # their industry wishes
    seekers_shown: bool = True
    surveys: list[Survey] = field(default_factory=list)

    @property
    def has_statistic(self) -> bool:
        return self.statistic_total is not None

    def chart(self) -> dict:
        """A Chart.js bar chart of the shares (%); the same numbers are in the table."""
        datasets = []
        if self.has_statistic:
            datasets.append((self.statistic_caption, [r.statistic_share for r in self.rows]))
        if self.employers_total:
            datasets.append((_("登録されている協力雇用主"), [r.employer_share for r in self.rows]))
        if self.seekers_shown and self.wishes_total:
            datasets.append((_("求職者が希望する業種"), [r.seeker_share for r in self.rows]))
        return {
            "type": "bar",
            "data": {
                "labels": [row.label for row in self.rows],
                "datasets": [
                    {"label": label, "data": [float(v) if v is not None else None for v in values]}
                    for label, values in datasets
                ],
            },
            "options": {
                "scales": {"y": {"beginAtZero": True, "title": {"display": True, "text": "%"}}},
                "plugins": {"legend": {"position": "bottom"}},
            },
        }

    @property
    def has_data(self) -> bool:
        return self.has_statistic or bool(self.employers_total) or bool(self.wishes_total)


def _industry_of_label() -> dict[str, str]:
    """Industry values by their Japanese label, as the plan's statistics name them."""
    with translation.override("ja"):
        return {str(label): value for value, label in Industry.choices}


def _statistic(local_government) -> tuple[dict[str, int], int | None, str]:
    series = StatisticSeries.objects.filter(
        local_government=local_government, key=EMPLOYERS_SERIES
    ).first()
    if series is None:
        return {}, None, ""
    points = series_points(series)
    if not points:
        return {}, None, ""
    period = max(point.period for point in points)
    by_label = _industry_of_label()
    counts: dict[str, int] = {}
    total = None
    note = ""
    for point in points:
        if point.period != period:
            continue
        if point.is_total:
            total = int(point.value)
            note = point.note
        elif point.breakdown_kind == INDUSTRY_BREAKDOWN and point.breakdown in by_label:
            counts[by_label[point.breakdown]] = int(point.value)
    if total is None:
        total = sum(counts.values()) if counts else None
    when = note or period_text(period, series.period_kind)
    caption = _("%(name)s（%(when)s）") % {"name": series.name, "when": when}
    if series.source:
        caption = _("%(caption)s 出典: %(source)s") % {"caption": caption, "source": series.source}
    return counts, total, caption


def _surveys(local_government) -> list[Survey]:
    series = StatisticSeries.objects.filter(
        local_government=local_government, key=SURVEY_SERIES
    ).first()
    if series is None:
        return []
    return [
        Survey(
            label=point.breakdown or series.name,
            people=int(point.value),
            period_label=period_text(point.period, series.period_kind),
        )
        for point in series_points(series)
    ]


def _employers(local_government) -> dict[str, int]:
    rows = (
        Employer.objects.filter(local_government=local_government, status=Employer.Status.APPROVED)
        .values("industry")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["industry"]: row["n"] for row in rows}


def _seekers(local_government) -> tuple[dict[str, int], int]:
    """Active seekers who want each industry, and the active seekers in all (one query)."""
    seekers = JobSeeker.objects.filter(local_government=local_government, is_active=True)
    seekers = seekers.annotate(
        **{
            f"wants_{value}": F("desired_industries").bitand(bit(Industry, value))
            for value in Industry.values
        }
    )
    counts = seekers.aggregate(
        total=Count("id"),
        **{value: Count("id", filter=Q(**{f"wants_{value}__gt": 0})) for value in Industry.values},
    )
    total = counts.pop("total")
    return counts, total


def _hide_small_cells(rows: list[GapRow]) -> None:
    small = [row for row in rows if row.seekers and row.seekers < SMALL_CELL]
    if len(small) == 1:
        others = sorted(
            (row for row in rows if row.seekers and row.seekers >= SMALL_CELL),
            key=lambda row: row.seekers,
        )
        small += others[:1]
    for row in small:
        row.seekers = None


def industry_gap(local_government, *, public: bool = False) -> IndustryGap:
    """The table of the industry gap of a local government (five queries)."""
    statistic, statistic_total, caption = _statistic(local_government)
    employers = _employers(local_government)
    employers_total = sum(employers.values())
    seekers, seekers_total = _seekers(local_government)
    wishes_total = sum(seekers.values())
    rows = [
        GapRow(
            industry=value,
            label=str(label),
            statistic=statistic.get(value, 0) if statistic_total is not None else None,
            employers=employers.get(value, 0),
            seekers=seekers.get(value, 0),
        )
        for value, label in Industry.choices
    ]
    seekers_shown = not public or seekers_total >= SMALL_CELL
    if public:
        if seekers_shown:
            _hide_small_cells(rows)
        else:
            for row in rows:
                row.seekers = None
    for row in rows:
        row.statistic_share = share(row.statistic, statistic_total or 0)
        row.employer_share = share(row.employers, employers_total)
        row.seeker_share = share(row.seekers, wishes_total)
        row.difference_statistic = points_difference(row.seeker_share, row.statistic_share)
        row.difference_employers = points_difference(row.seeker_share, row.employer_share)
    return IndustryGap(
        rows=rows,
        public=public,
        statistic_total=statistic_total,
        statistic_caption=caption,
        employers_total=employers_total,
        seekers_total=seekers_total if seekers_shown else 0,
        wishes_total=wishes_total if seekers_shown else 0,
        seekers_shown=seekers_shown,
        surveys=_surveys(local_government),
    )
