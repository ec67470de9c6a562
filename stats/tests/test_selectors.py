"""Rates are derived from their counts, never stored; totals feed the outcome indicator."""

from decimal import Decimal

from stats import selectors
from stats.models import StatisticSeries
from stats.tests.factories import StatisticSeriesFactory, StatisticValueFactory


def points_of(local_government, key):
    series = StatisticSeries.objects.get(local_government=local_government, key=key)
    return {(p.area, p.period, p.breakdown): p.value for p in selectors.series_points(series)}


def test_kumamoto_2019_reoffender_rate_is_564_of_1107(kumamoto_stats):
    rates = points_of(kumamoto_stats, "reoffender_rate")
    # 564 ÷ 1,107 × 100 = 50.948… → 50.9, as the plan prints it
    assert rates[("熊本市", 2019, "")] == Decimal("50.9")
    # by crime type (the plan's table 2 prints them rounded to whole numbers)
    assert {breakdown: value for (_a, _p, breakdown), value in rates.items() if breakdown} == {
        "凶悪犯": Decimal("35.7"),  # 5 ÷ 14
        "粗暴犯": Decimal("50.9"),  # 170 ÷ 334
        "窃盗犯": Decimal("53.0"),  # 301 ÷ 568
        "知能犯": Decimal("47.1"),  # 24 ÷ 51
        "風俗犯": Decimal("39.4"),  # 13 ÷ 33
        "その他": Decimal("47.7"),  # 51 ÷ 107
    }
    # arrests are known for 2015–2018 but reoffenders only for 2019
    assert {period for (_a, period, _b) in rates} == {2019}


def test_the_other_kumamoto_rates_match_the_printed_values(kumamoto_stats):
    printed = {
        "elderly_share_of_adult_arrested": Decimal("22.6"),
        "elderly_reoffender_rate": Decimal("48.2"),
        "stimulant_law_reoffender_rate": Decimal("89.5"),
        "gang_reoffender_rate": Decimal("88.3"),
        "juvenile_share_of_arrested": Decimal("15.3"),
    }
    for key, value in printed.items():
        [(point_key, computed)] = points_of(kumamoto_stats, key).items()
        assert computed == value, key


def test_a_share_of_the_same_series_divides_each_part_by_its_total(kumamoto_stats):
    shares = points_of(kumamoto_stats, "cooperating_employers_city_share")
    assert shares[("熊本市", 2020, "建設業")] == Decimal("56.3")  # 58 ÷ 103
    assert shares[("熊本市", 2020, "その他サービス業")] == Decimal("11.7")  # 12 ÷ 103
    assert shares[("熊本市", 2020, "")] == Decimal("100.0")


def test_a_missing_or_zero_denominator_gives_no_rate(city, city_series):
    StatisticValueFactory(series=city_series.reoffenders, area="別の町", period=2019, value=5)
    StatisticValueFactory(series=city_series.arrests, area="ゼロ町", period=2019, value=0)
    StatisticValueFactory(series=city_series.reoffenders, area="ゼロ町", period=2019, value=0)
    rates = points_of(city.lg, "reoffender-rate")
    assert rates == {
        ("テスト市（架空）", 2019, ""): Decimal("33.3"),
        ("テスト市（架空）", 2019, "窃盗犯"): Decimal("35.0"),
        ("テスト市（架空）", 2019, "粗暴犯"): Decimal("30.0"),
        ("テスト市（架空）", 2018, ""): Decimal("30.0"),
    }


def test_rates_are_rounded_half_up(city):
    count = StatisticSeriesFactory(local_government=city.lg, key="parts")
    whole = StatisticSeriesFactory(local_government=city.lg, key="whole")
    rate = StatisticSeriesFactory(
        local_government=city.lg,
        key="share",
        kind=StatisticSeries.Kind.RATE,
        numerator=count,
        denominator=whole,
        scale=100,
    )
    StatisticValueFactory(series=count, value=1)
    StatisticValueFactory(series=whole, value=8)  # 12.5 exactly
    [point] = selectors.series_points(rate)
    assert point.value == Decimal("12.5") and point.derived
    StatisticValueFactory(series=count, value=1, period=2020)
    StatisticValueFactory(series=whole, value=16, period=2020)  # 6.25 → 6.3
    assert [p.value for p in selectors.series_points(rate)][-1] == Decimal("6.3")


class TestSeriesTotals:
    def test_the_outcome_indicator_reads_kumamotos_reoffenders(self, kumamoto_stats):
        assert selectors.series_totals(kumamoto_stats, "reoffenders") == {2019: Decimal(564)}

    def test_only_the_local_governments_own_area_counts(self, kumamoto_stats):
        totals = selectors.series_totals(kumamoto_stats, "penal_code_offences_known")
        assert totals == {
            2003: Decimal(14007),
            2015: Decimal(5460),
            2016: Decimal(4712),
            2017: Decimal(4420),
            2018: Decimal(3784),
            2019: Decimal(3517),
        }
        # a series of the prefecture only has no total for the city
        assert selectors.series_totals(kumamoto_stats, "special_law_offences_cleared") == {}

    def test_a_rate_is_derived_and_an_unknown_key_is_empty(self, kumamoto_stats):
        assert selectors.series_totals(kumamoto_stats, "reoffender_rate") == {2019: Decimal("50.9")}
        assert selectors.series_totals(kumamoto_stats, "nosuch") == {}

    def test_another_local_governments_series_is_not_read(self, kumamoto_stats, city, city_series):
        assert selectors.series_totals(city.lg, "reoffenders") == {
            2018: Decimal(96),
            2019: Decimal(100),
        }


def test_points_by_series_uses_one_query(kumamoto_stats, django_assert_num_queries):
    series = selectors.series_list(kumamoto_stats)
    with django_assert_num_queries(1):
        points = selectors.points_by_series(kumamoto_stats, series)
    assert sum(len(p) for s, p in points.items() if not s_is_rate(series, s)) == 140


def s_is_rate(series, pk):
    return next(s for s in series if s.pk == pk).is_derived
