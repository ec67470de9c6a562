"""The indicators' published actuals and computed status, shown on the plan's public pages
and in its API. They are computed by pdca (which owns the values entered, the assessment and
the link to statistics), a layer above plans: pdca registers the provider in its
`AppConfig.ready()` and plans calls through it (STYLE 2a, docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# (plan, *, published_only=, indicators=) -> one row per indicator, each with `indicator`,
# `actuals` {period: value}, `periods` and `assessment.status`
IndicatorRowsProvider = Callable[..., list[Any]]

_providers: list[IndicatorRowsProvider] = []


def register_indicator_rows(provider: IndicatorRowsProvider) -> None:
    _providers[:] = [provider]


def published_indicator_rows(plan, indicators: Sequence) -> list[Any]:
    """The given indicators of `plan` with their published actuals and computed status."""
    if not _providers:
        raise RuntimeError("no provider of indicator rows registered (is pdca installed?)")
    return _providers[0](plan, published_only=True, indicators=list(indicators))
