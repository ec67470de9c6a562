"""Indicator status is computed from actuals, baseline and target, never typed."""

from decimal import Decimal

import pytest

from pdca.indicators.status import Status, assess
from plans.models import Indicator


def indicator(**fields):
    defaults = dict(
        baseline_value=Decimal(100),
        baseline_year=2019,
        target_value=Decimal(140),
        target_year=2023,
        target_direction="",
        better=Indicator.Better.HIGHER,
    )
    defaults.update(fields)
    return Indicator(name="test", unit="人", kind="reference", position=1, **defaults)


def status(ind, actuals):
    return assess(ind, {year: Decimal(value) for year, value in actuals.items()}).status


def test_no_actual_is_no_data():
    assert status(indicator(), {}) == Status.NO_DATA


def test_an_actual_of_the_baseline_period_alone_is_no_data():
    result = assess(indicator(), {2019: Decimal(100), 2018: Decimal(90)})
    assert result.status == Status.NO_DATA and "基準年" in result.reason
    # a later actual is judged, the baseline-period one is ignored
    assert status(indicator(), {2019: Decimal(200), 2021: Decimal(119)}) == Status.OFF_TRACK


@pytest.mark.parametrize(
    ("actuals", "expected"),
    [
        ({2021: 120}, Status.ON_TRACK),  # the path is 120 in 2021: on it
        ({2021: 119}, Status.OFF_TRACK),  # just below the path
        ({2020: 140}, Status.ACHIEVED),  # target reached early
        ({2021: 150}, Status.ACHIEVED),  # passed
        ({2023: 139}, Status.OFF_TRACK),  # target year, not reached
        ({2021: 130, 2022: 125}, Status.OFF_TRACK),  # the latest period decides (path 130)
    ],
)
def test_numeric_target_higher_is_better(actuals, expected):
    assert status(indicator(), actuals) == expected


@pytest.mark.parametrize(
    ("actuals", "expected"),
    [
        ({2020: 540}, Status.OFF_TRACK),  # the path from 564 to 450 is 535.5 in 2020
        ({2020: 530}, Status.ON_TRACK),
        ({2021: 500}, Status.ON_TRACK),  # path 507 in 2021; 500 is better (lower)
        ({2021: 510}, Status.OFF_TRACK),
        ({2021: 450}, Status.ACHIEVED),  # reached early
        ({2022: 449}, Status.ACHIEVED),
        ({2023: 451}, Status.OFF_TRACK),
    ],
)
def test_numeric_target_lower_is_better(actuals, expected):
    outcome = indicator(
        baseline_value=Decimal(564),
        target_value=Decimal(450),
        better=Indicator.Better.LOWER,
    )
    assert status(outcome, actuals) == expected


def test_no_baseline_compares_with_the_target_itself():
    ind = indicator(baseline_value=None, baseline_year=None)
    assert status(ind, {2021: 150}) == Status.ACHIEVED
    result = assess(ind, {2021: Decimal(139)})
    assert result.status == Status.OFF_TRACK
    assert "基準値がない" in result.reason


@pytest.mark.parametrize(
    ("direction", "better", "actuals", "expected"),
    [
        ("increase", "higher", {2021: 104}, Status.ON_TRACK),
        ("increase", "higher", {2021: 100}, Status.OFF_TRACK),  # unchanged is not an increase
        ("increase", "higher", {2023: 101}, Status.ACHIEVED),
        ("decrease", "lower", {2021: 90}, Status.ON_TRACK),
        ("decrease", "lower", {2021: 120}, Status.OFF_TRACK),
        ("decrease", "lower", {2024: 99}, Status.ACHIEVED),
        ("maintain", "higher", {2021: 100}, Status.ON_TRACK),
        ("maintain", "higher", {2021: 99}, Status.OFF_TRACK),
        ("maintain", "lower", {2023: 98}, Status.ACHIEVED),
    ],
)
def test_directional_targets_compare_with_the_baseline(direction, better, actuals, expected):
    ind = indicator(target_value=None, target_direction=direction, better=better)
    assert status(ind, actuals) == expected


def test_directional_target_without_baseline_cannot_be_judged():
    ind = indicator(target_value=None, target_direction="increase", baseline_value=None)
    assert status(ind, {2021: 5}) == Status.NO_DATA


def test_expected_value_is_on_the_straight_path():
    result = assess(indicator(), {2022: Decimal(130)})
    assert result.expected == Decimal(130)
    assert result.status == Status.ON_TRACK
