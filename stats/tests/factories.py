"""factory_boy factories for statistics. Everything they make is fictional."""

from types import SimpleNamespace

import factory

from core.tests.factories import LocalGovernmentFactory
from stats.models import StatisticSeries, StatisticValue


class StatisticSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticSeries
        django_get_or_create = ("local_government", "key")

    local_government = factory.SubFactory(LocalGovernmentFactory)
    key = factory.Sequence(lambda n: f"series{n}")
    name = factory.Sequence(lambda n: f"テスト統計{n}（架空）")
    unit = "人"
    period_kind = "calendar_year"
    kind = StatisticSeries.Kind.COUNT
    additive = True
    source = "テスト県警察（架空）"


class StatisticValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatisticValue

    series = factory.SubFactory(StatisticSeriesFactory)
    local_government = factory.SelfAttribute("series.local_government")
    area = "テスト市（架空）"
    period = 2019
    value = 100


def make_city_series(city):
    """Arrests and reoffenders by crime type, and their rate, for the fictional city."""
    lg = city.lg
    area = lg.name
    arrests = StatisticSeriesFactory(
        local_government=lg, key="arrests", name="検挙人員（架空）", position=1
    )
    reoffenders = StatisticSeriesFactory(
        local_government=lg, key="reoffenders", name="再犯者数（架空）", position=2
    )
    rate = StatisticSeriesFactory(
        local_government=lg,
        key="reoffender-rate",
        name="再犯者率（架空）",
        unit="％",
        kind=StatisticSeries.Kind.RATE,
        numerator=reoffenders,
        denominator=arrests,
        scale=100,
        additive=False,
        position=3,
    )
    if not arrests.values.exists():
        for series, total, parts in (
            (arrests, 300, {"窃盗犯": 200, "粗暴犯": 100}),
            (reoffenders, 100, {"窃盗犯": 70, "粗暴犯": 30}),
        ):
            StatisticValueFactory(series=series, area=area, period=2019, value=total)
            for name, value in parts.items():
                StatisticValueFactory(
                    series=series,
                    area=area,
                    period=2019,
                    breakdown_kind="罪種",
                    breakdown=name,
                    value=value,
                )
        StatisticValueFactory(series=arrests, area=area, period=2018, value=320)
        StatisticValueFactory(series=reoffenders, area=area, period=2018, value=96)
    return SimpleNamespace(arrests=arrests, reoffenders=reoffenders, rate=rate)
