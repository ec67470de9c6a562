"""Sections that other parts add to the compiled progress report (進捗状況報告書).

pdca is a lower layer: it knows nothing of the parts built on it. A part that has figures for
the report registers a builder here (from its AppConfig.ready()); `compile_report` calls the
builders in registration order and the renderers (staff and public HTML, Excel, PDF) show each
section after the indicators, generically: a title, a note and tables of display text.

A builder is `build(local_government, fiscal_year, public) -> ReportSection | None`; it returns
None when it has nothing to say for the body (a part the body does not use). Every cell is
already what may be shown: suppression and the like are the builder's job, never a renderer's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ReportTable:
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, display cells)


@dataclass
class ReportSection:
    key: str  # stable identifier: HTML ids, tests
    title: str
    note: str = ""
    tables: list[ReportTable] = field(default_factory=list)


SectionBuilder = Callable[[object, int, bool], "ReportSection | None"]

_builders: dict[str, SectionBuilder] = {}


def register(key: str, build: SectionBuilder) -> None:
    """Add (or replace) the builder of section `key`; sections keep registration order."""
    _builders[key] = build


def unregister(key: str) -> None:
    _builders.pop(key, None)


def registered() -> dict[str, SectionBuilder]:
    """A copy of the registry (tests save and restore it)."""
    return dict(_builders)


def restore(saved: dict[str, SectionBuilder]) -> None:
    _builders.clear()
    _builders.update(saved)


def sections_for(local_government, fiscal_year: int, public: bool) -> list[ReportSection]:
    """The sections of the body's report for `fiscal_year`, in registration order."""
    sections = []
    for build in _builders.values():
        section = build(local_government, fiscal_year, public)
        if section is not None:
            sections.append(section)
    return sections
