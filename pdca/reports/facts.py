"""Facts that other apps record about a measure's work in a fiscal year, shown beside its
progress report as figures the department may cite (e.g. campaigns: the recruitment of 保護司).

pdca names no app above it (docs/architecture.md, the registries): an app registers a
provider in its AppConfig.ready(); a provider takes the measure and the fiscal year and returns
a `FactGroup` (or None when it has nothing for that measure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from plans.models import Measure


@dataclass(frozen=True)
class Fact:
    """One recorded fact: what (kind and audience), when (a 和暦 date), how many (with its unit)."""

    what: str
    when: str
    figure: str
    note: str = ""


@dataclass(frozen=True)
class FactGroup:
    title: str
    facts: list[Fact]
    # the figures added up, e.g. ("チラシの配布", "320枚"), to copy into the report's figures
    totals: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""  # where the records are kept (shown to those who may open it)


MeasureFacts = Callable[[Measure, int], FactGroup | None]

PROVIDERS: list[MeasureFacts] = []


def register_measure_facts(provider: MeasureFacts) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def measure_facts(measure: Measure, fiscal_year: int) -> list[FactGroup]:
    """The facts every registered provider holds for `measure` in `fiscal_year`."""
    groups = []
    for provider in PROVIDERS:
        group = provider(measure, fiscal_year)
        if group is not None and group.facts:
            groups.append(group)
    return groups
