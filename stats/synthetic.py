"""Statistics for synthetic local governments (manage.py seed_synthetic): series shaped like
Kumamoto's chapter 2 (counts by year, by crime type, a derived rate), ~150 values a body.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import random
from decimal import Decimal

from core import synthetic
from core.models import LocalGovernment
from stats.models import StatisticSeries, StatisticValue

YEARS = range(2015, 2024)
CRIME_TYPES = ["凶悪犯", "粗暴犯", "窃盗犯", "知能犯", "風俗犯", "その他"]
SOURCE = "架空データ"


def seed_statistics(local_governments: list[LocalGovernment], rng: random.Random) -> None:
    series_rows = []
    for lg in local_governments:
        common = {"local_government": lg, "period_kind": "calendar_year", "source": SOURCE}
        series_rows += [
            StatisticSeries(
                key="offences_known", name="刑法犯認知件数（架空）", unit="件", position=1, **common
            ),
            StatisticSeries(
                key="arrested_persons",
                name="刑法犯検挙人員（架空）",
                unit="人",
                position=2,
                **common,
            ),
            StatisticSeries(
                key="reoffenders", name="再犯者数（架空）", unit="人", position=3, **common
            ),
        ]
    StatisticSeries.objects.bulk_create(series_rows)
    by_lg: dict[int, dict[str, StatisticSeries]] = {}
    for series in series_rows:
        by_lg.setdefault(series.local_government_id, {})[series.key] = series
    rates = [
        StatisticSeries(
            local_government=lg,
            key="reoffender_rate",
            name="再犯者率（架空）",
            unit="％",
            period_kind="calendar_year",
            kind=StatisticSeries.Kind.RATE,
            numerator=by_lg[lg.pk]["reoffenders"],
            denominator=by_lg[lg.pk]["arrested_persons"],
            scale=Decimal(100),
            additive=False,
            source=SOURCE,
            position=4,
        )
        for lg in local_governments
    ]
    StatisticSeries.objects.bulk_create(rates)
    values = []
    for lg in local_governments:
        series = by_lg[lg.pk]
        size = rng.randint(200, 5000)
        for year in YEARS:
            known = int(size * rng.uniform(0.8, 1.2))
            values.append(_value(lg, series["offences_known"], year, "", "", known))
            for area, factor in (("架空県", 3), ("全国", 250)):
                values.append(
                    _value(lg, series["offences_known"], year, "", "", known * factor, area)
                )
            parts = [rng.randint(1, max(2, size // 20)) for _ in CRIME_TYPES]
            reparts = [rng.randint(0, part) for part in parts]
            for key, numbers in (("arrested_persons", parts), ("reoffenders", reparts)):
                values.append(_value(lg, series[key], year, "", "", sum(numbers)))
                for crime, number in zip(CRIME_TYPES, numbers, strict=True):
                    values.append(_value(lg, series[key], year, "罪種", crime, number))
    StatisticValue.objects.bulk_create(values, batch_size=5000)


def _value(lg, series, year, kind, breakdown, number, area=None):
    return StatisticValue(
        local_government=lg,
        series=series,
        area=area or lg.name,
        period=year,
        breakdown_kind=kind,
        breakdown=breakdown,
        value=number,
    )


synthetic.register("stats", seed_statistics)
