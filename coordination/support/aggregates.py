"""Anonymous aggregates of support coordination for the secretariat, by fiscal year (April to
March): the people supported, the people with a need of level 中程度 or more per area (pillar),
the referrals per area and how they ended, the outcomes by kind.

Suppression is done here, never in a template: every count under SUPPRESS_BELOW (the project's
small-cell limit, core.disclosure.SMALL_CELL) leaves this module as core.disclosure's
「5未満」 (`Cell.value` None), so neither the page, the chart nor the CSV can show it. Stricter
than core.disclosure.suppress, which shows 0: here every cell under 5 is hidden, 0 included,
as issue 15 words it. Counts are of people (distinct persons) except the referrals, which are counted per
referral."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import (
    PILLAR_NUMBERS,
    Case,
    Need,
    NeedArea,
    NeedAssessment,
    NeedLevel,
    Outcome,
    OutcomeKind,
    Referral,
    ReferralStatus,
)
from core.disclosure import SMALL_CELL, Hidden, hidden_label
from core.wareki import fiscal_year_of

SUPPRESS_BELOW = SMALL_CELL
NEED_AT_LEAST = NeedLevel.MEDIUM

S = ReferralStatus
# The columns of the referral table: (key, label, filter on Referral).
REFERRAL_COLUMNS = (
    ("sent", gettext_lazy("紹介件数"), Q()),
    ("waiting", gettext_lazy("回答待ち"), Q(status=S.REQUESTED)),
    (
        "ongoing",
        gettext_lazy("受け入れ・支援中"),
        Q(status__in=(S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)),
    ),
    (
        "successful",
        gettext_lazy("支援につながった"),
        Q(status=S.COMPLETED, outcome=Referral.Outcome.SUCCESSFUL),
    ),
    (
        "unsuccessful",
        gettext_lazy("支援につながらなかった"),
        Q(status=S.FAILED) | Q(status=S.COMPLETED) & ~Q(outcome=Referral.Outcome.SUCCESSFUL),
    ),
    ("rejected", gettext_lazy("お断り"), Q(status=S.REJECTED)),
    ("cancelled", gettext_lazy("取り消し"), Q(status=S.CANCELLED)),
)
NOT_COUNTED = (S.DRAFT, S.ENTERED_IN_ERROR)
# Positions in a row of the referral table (the people referred are the second column).
REFERRAL_SENT, REFERRAL_PEOPLE, REFERRAL_SUCCESSFUL = 0, 1, 4


@dataclass(frozen=True)
class Cell:
    """One published figure: `value` is None when suppressed; `text` is what is shown."""

    value: int | None
    text: str


def suppress(count: int) -> Cell:
    """The cell of a count: under 5 (0 included) becomes 「5未満」."""
    if count < SUPPRESS_BELOW:
        return Cell(None, hidden_label(Hidden.SMALL, SUPPRESS_BELOW))
    return Cell(count, f"{count:,}")


@dataclass
class Table:
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)

    def csv_rows(self) -> list[list]:
        header = [self.row_heading, *self.columns]
        return [
            header,
            *[
                [label, *[cell.value if cell.value is not None else cell.text for cell in cells]]
                for label, cells in self.rows
            ],
        ]


@dataclass
class Aggregates:
    fiscal_year: int
    people: Cell
    needs: Table
    referrals: Table
    outcomes: Table

    def tables(self) -> list[Table]:
        return [self.needs, self.referrals, self.outcomes]

    def chart(self) -> dict:
        """A bar chart per pillar: people with a need, referrals, referrals that led to
        support; a suppressed cell is a gap (null), as in the table beside it."""
        labels = [label for label, _cells in self.needs.rows]
        referrals = dict(self.referrals.rows)
        datasets = [
            (
                _("ニーズ（中程度以上）のある人数"),
                [cells[0].value for _l, cells in self.needs.rows],
            ),
            (_("紹介件数"), [referrals[label][REFERRAL_SENT].value for label in labels]),
            (
                _("支援につながった紹介"),
                [referrals[label][REFERRAL_SUCCESSFUL].value for label in labels],
            ),
        ]
        return {
            "type": "bar",
            "data": {
                "labels": labels,
                "datasets": [{"label": label, "data": data} for label, data in datasets],
            },
            "options": {
                "scales": {"y": {"beginAtZero": True}},
                "plugins": {"legend": {"position": "bottom"}},
            },
        }


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def fiscal_years(local_government, today: datetime.date) -> list[int]:
    """The fiscal years from the first case of the body to this one, newest first."""
    first = (
        Case.objects.filter(local_government=local_government)
        .order_by("opened_on")
        .values_list("opened_on", flat=True)
        .first()
    )
    current = fiscal_year_of(today)
    start = min(fiscal_year_of(first), current) if first else current
    return list(range(current, start - 1, -1))


def pillar_label(area: str) -> str:
    return _("第%(number)d節 %(area)s") % {
        "number": PILLAR_NUMBERS[area],
        "area": NeedArea(area).label,
    }


def areas() -> list[str]:
    return sorted(NeedArea.values, key=lambda area: PILLAR_NUMBERS[area])


def open_cases(local_government, fiscal_year: int):
    start, end = fiscal_year_range(fiscal_year)
    return Case.objects.filter(local_government=local_government, opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def _needs(local_government, fiscal_year: int) -> Table:
    """People with a need of level ≥ 中程度 in each area, on their case's latest assessment
    made by the end of the year."""
    _start, end = fiscal_year_range(fiscal_year)
    latest = (
        NeedAssessment.objects.filter(case=OuterRef("assessment__case"), assessed_on__lte=end)
        .order_by("-assessed_on", "-id")
        .values("id")[:1]
    )
    counts = dict(
        Need.objects.filter(
            assessment__case__in=open_cases(local_government, fiscal_year),
            level__gte=NEED_AT_LEAST,
            assessment_id=Subquery(latest),
        )
        .values("area")
        .annotate(people=Count("assessment__case__person", distinct=True))
        .values_list("area", "people")
    )
    table = Table(
        caption=_("分野（施策の柱）ごとの、支援が必要な人の数（必要度が中程度以上）"),
        row_heading=_("分野"),
        columns=[_("人数")],
    )
    table.rows = [(pillar_label(area), [suppress(counts.get(area, 0))]) for area in areas()]
    return table


def _referrals(local_government, fiscal_year: int) -> Table:
    """Referrals sent in the year, per area, by how they stand now."""
    start, end = fiscal_year_range(fiscal_year)
    annotations = {
        key: Count("id", filter=condition) for key, _label, condition in REFERRAL_COLUMNS
    }
    annotations["people"] = Count("case__person", distinct=True)
    rows = {
        row["area"]: row
        for row in Referral.objects.filter(
            local_government=local_government,
            sent_at__date__gte=start,
            sent_at__date__lte=end,
        )
        .exclude(status__in=NOT_COUNTED)
        .values("area")
        .annotate(**annotations)
    }
    table = Table(
        caption=_("分野（施策の柱）ごとの紹介（つなぎ）とその結果"),
        row_heading=_("分野"),
        columns=[str(label) for _key, label, _condition in REFERRAL_COLUMNS],
    )
    table.columns.insert(1, _("紹介された人数"))
    keys = [key for key, _label, _condition in REFERRAL_COLUMNS]
    keys.insert(1, "people")
    labelled = [*[(pillar_label(area), area) for area in areas()], (_("分野の指定なし"), "")]
    table.rows = [
        (label, [suppress(rows.get(area, {}).get(key, 0)) for key in keys])
        for label, area in labelled
    ]
    return table


def _outcomes(local_government, fiscal_year: int) -> Table:
    start, end = fiscal_year_range(fiscal_year)
    counts = dict(
        Outcome.objects.filter(
            local_government=local_government, achieved_on__gte=start, achieved_on__lte=end
        )
        .values("kind")
        .annotate(people=Count("case__person", distinct=True))
        .values_list("kind", "people")
    )
    table = Table(caption=_("成果の種類ごとの人数"), row_heading=_("成果"), columns=[_("人数")])
    table.rows = [(kind.label, [suppress(counts.get(kind, 0))]) for kind in OutcomeKind]
    return table


def aggregates(local_government, fiscal_year: int) -> Aggregates:
    """The year's figures of the body, suppressed (five queries)."""
    people = open_cases(local_government, fiscal_year).values("person").distinct().count()
    return Aggregates(
        fiscal_year=fiscal_year,
        people=suppress(people),
        needs=_needs(local_government, fiscal_year),
        referrals=_referrals(local_government, fiscal_year),
        outcomes=_outcomes(local_government, fiscal_year),
    )
