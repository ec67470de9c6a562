"""The industry gap: the industries cooperating employers are in against the industries job
seekers want, so that the city sees which industries to recruit employers from.

Three sources, per industry (the seed's ten, in its order):
- the plan's statistics: the series `cooperating_employers_city` (熊本市 103 by industry,
  令和2年4月1日現在), read from stats, its latest year;
- the approved employers registered here (live); on the public page only those that chose to
  be public, as the public job board shows them;
- the industries the active job-seeker profiles want (live; a seeker who wants three
  industries counts in each, so the seekers' shares are of all wishes and add up to 100).

The difference is in percentage points: the seekers' share minus the employers' share. The
seed's survey of people on probation (44) and in prison (97) gives no per-industry figures in
its text: its counts are shown with 「内訳は計画書に数値の記載なし」, never invented.

For the public page (`public=True`) both live columns go through core.disclosure: a count of
1 to 4 is shown as 「5未満」, one more cell as 「秘匿」 when the total would give it away, and
the total and shares not at all when nothing else protects it; with fewer than 5 active
seekers in all, no seeker figure is shown at all. The plan's figures are published data and
stay as they are. The staff page shows every exact count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.disclosure import SMALL_CELL, Cell, Column, Hidden, suppress
from core.fields.choice_masks import bit
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
    employers: int | None = 0  # approved employers registered here; None when hidden
    employers_hidden: Hidden = Hidden.NO
    employer_share: Decimal | None = None
    seekers: int | None = 0  # active seekers who want it; None when hidden (public page)
    seekers_hidden: Hidden = Hidden.NO
    seeker_share: Decimal | None = None
    difference_statistic: Decimal | None = None  # seeker share - statistics share (points)
    difference_employers: Decimal | None = None  # seeker share - registered share (points)


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
    employers_total: int | None = 0  # None when it would give a hidden cell away
    seekers_total: int | None = 0  # active seekers (people); None as employers_total
    wishes_total: int | None = 0  # their industry wishes; None as employers_total
    seekers_shown: bool = True
    surveys: list[Survey] = field(default_factory=list)
    has_employers: bool = False
    has_wishes: bool = False

    @property
    def has_statistic(self) -> bool:
        return self.statistic_total is not None

    def chart(self) -> dict:
        """A Chart.js bar chart of the shares (%); the same numbers are in the table."""
        datasets = []
        if self.has_statistic:
            datasets.append((self.statistic_caption, [r.statistic_share for r in self.rows]))
        if self.employers_total:
            datasets.append((self.employers_label, [r.employer_share for r in self.rows]))
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
        return self.has_statistic or self.has_employers or self.has_wishes

    @property
    def employers_label(self) -> str:
        if self.public:
            return _("企業名を公開している協力雇用主")
        return _("登録されている協力雇用主")


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


def _employers(local_government, *, public: bool) -> dict[str, int]:
    """Approved employers by industry; for the public only those that chose to be public
    (the public job board's rule)."""
    employers = Employer.objects.filter(
        local_government=local_government, status=Employer.Status.APPROVED
    )
    if public:
        employers = employers.filter(is_public=True)
    rows = employers.values("industry").annotate(n=Count("id")).order_by()
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


def _exact(counts: dict[str, int]) -> Column:
    return Column({key: Cell(count) for key, count in counts.items()}, sum(counts.values()))


def _hidden(counts: dict[str, int]) -> Column:
    return Column({key: Cell(None) for key in counts}, None)


def industry_gap(local_government, *, public: bool = False) -> IndustryGap:
    """The table of the industry gap of a local government (five queries)."""
    statistic, statistic_total, caption = _statistic(local_government)
    employer_counts = _employers(local_government, public=public)
    employer_counts = {value: employer_counts.get(value, 0) for value in Industry.values}
    wishes, seekers_total = _seekers(local_government)
    wishes = {value: wishes.get(value, 0) for value in Industry.values}
    seekers_shown = not public or seekers_total >= SMALL_CELL
    if not public:
        employers, seekers = _exact(employer_counts), _exact(wishes)
    else:
        employers = suppress(employer_counts)
        seekers = suppress(wishes) if seekers_shown else _hidden(wishes)
    rows = []
    for value, label in Industry.choices:
        row = GapRow(
            industry=value,
            label=str(label),
            statistic=statistic.get(value, 0) if statistic_total is not None else None,
            employers=employers.cells[value].count,
            employers_hidden=employers.cells[value].hidden,
            seekers=seekers.cells[value].count,
            seekers_hidden=seekers.cells[value].hidden,
        )
        row.statistic_share = share(row.statistic, statistic_total or 0)
        row.employer_share = share(row.employers, employers.total or 0)
        row.seeker_share = share(row.seekers, seekers.total or 0)
        row.difference_statistic = points_difference(row.seeker_share, row.statistic_share)
        row.difference_employers = points_difference(row.seeker_share, row.employer_share)
        rows.append(row)
    return IndustryGap(
        rows=rows,
        public=public,
        statistic_total=statistic_total,
        statistic_caption=caption,
        employers_total=employers.total,
        seekers_total=seekers_total if seekers_shown and seekers.total_shown else None,
        wishes_total=seekers.total,
        seekers_shown=seekers_shown,
        surveys=_surveys(local_government),
        has_employers=any(employer_counts.values()),
        has_wishes=seekers_shown and any(wishes.values()),
    )
