"""Extras of the volunteers part's tests: the 保護司 series of a body (as Kumamoto's package
names them), with fictional (架空) figures."""

from decimal import Decimal

from campaigns.volunteers.selectors import AGE_SERIES, OFFICERS_SERIES, QUOTA_SERIES
from stats.models import StatisticSeries
from stats.tests.factories import StatisticSeriesFactory, StatisticValueFactory

AS_OF = "1月末現在"


def officer_series(local_government, *, values=None, ages=None, quota=None):
    """The count, average-age and 定数 series of `local_government`; `values` and `ages` map a
    year to its figure (stated 「1月末現在」), `quota` is (fiscal year, 定数)."""
    common = {"local_government": local_government, "additive": False, "source": "架空の保護観察所"}
    officers = StatisticSeriesFactory(
        key=OFFICERS_SERIES,
        name="保護司数（架空）",
        unit="人",
        note="各年1月末現在（架空）",
        **common,
    )
    age = StatisticSeriesFactory(
        key=AGE_SERIES,
        name="保護司平均年齢（架空）",
        unit="歳",
        kind=StatisticSeries.Kind.STATED,
        note="各年1月末現在（架空）",
        **common,
    )
    quota_series = StatisticSeriesFactory(
        key=QUOTA_SERIES, name="保護司の定数（架空）", period_kind="fiscal_year", **common
    )
    area = local_government.name
    for year, value in (values or {}).items():
        StatisticValueFactory(series=officers, area=area, period=year, value=value, note=AS_OF)
    for year, value in (ages or {}).items():
        StatisticValueFactory(series=age, area=area, period=year, value=Decimal(value), note=AS_OF)
    if quota is not None:
        StatisticValueFactory(series=quota_series, area=area, period=quota[0], value=quota[1])
    return officers, age, quota_series
