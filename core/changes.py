"""What a load changes, record by record.

The loaders of a plan package (the plan, its statistics, its directory, its employment
records) write through one ChangeLog: it saves a record only when a value differs, deletes
what the package no longer holds, and remembers every change with the package file and row
the record comes from and its fields before → after. `manage.py reload_plan` runs the same
loaders in a transaction it rolls back, to show that list before anything is written
(docs/plan-package.md)."""

from __future__ import annotations

import datetime
import decimal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

ADDED = "added"
CHANGED = "changed"
REMOVED = "removed"
KEPT = "kept"

# How each action is counted: the names the loaders' summaries have always used.
COUNT_NAMES = {ADDED: "created", CHANGED: "updated", REMOVED: "deleted", KEPT: "kept"}


@dataclass(frozen=True)
class Source:
    """Where a record comes from: the package file, its row (CSV) or line (YAML) there when
    the package holds it, and what the record is (its kind and natural key)."""

    file: str
    what: str
    row: int | None = None
    label: str = ""

    def where(self) -> str:
        """ "row 14" in a CSV file, "line 45" in a YAML file, or ""."""
        if self.row is None:
            return ""
        return f"row {self.row}" if self.file.endswith(".csv") else f"line {self.row}"

    def __str__(self) -> str:
        parts = [self.file, self.where(), self.what, f"({self.label})" if self.label else ""]
        return " ".join(part for part in parts if part)


@dataclass
class Change:
    action: str  # ADDED, CHANGED, REMOVED or KEPT
    source: Source
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (before, after)
    note: str = ""  # removed: what goes with it; kept: why

    def signature(self) -> tuple:
        """What identifies this change, to tell whether two runs would do the same."""
        fields = tuple(sorted((name, _plain(b), _plain(a)) for name, (b, a) in self.fields.items()))
        return (self.action, self.source.file, self.source.what, fields)


class ChangeLog:
    """The changes one load made, and their counts (`created`, `updated`, `deleted`,
    `unchanged`, also per model: `measure_created` …)."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.counts: Counter = Counter()
        self._by_object: dict[tuple[str, Any], Change] = {}
        self._unchanged: set[tuple[str, Any]] = set()

    @property
    def changed(self) -> bool:
        return any(change.action != KEPT for change in self.changes)

    def totals(self) -> dict[str, int]:
        """How many records were added, changed, removed and kept."""
        totals = Counter(change.action for change in self.changes)
        return {action: totals[action] for action in (ADDED, CHANGED, REMOVED, KEPT)}

    # recording

    def record(
        self,
        action: str,
        source: Source,
        *,
        fields: dict[str, tuple[Any, Any]] | None = None,
        note: str = "",
        obj: models.Model | None = None,
        count_as: str = "",
    ) -> Change:
        """Record a change made without save() or delete() (a bulk write, or a record kept).
        `count_as` names its counter instead of the generic ones (e.g. "series")."""
        change = Change(action, source, dict(fields or {}), note)
        self.changes.append(change)
        verb = COUNT_NAMES[action]
        if count_as:
            self.counts[f"{count_as}_{verb}"] += 1
        else:
            self.counts[verb] += 1
            if obj is not None:
                self.counts[f"{obj._meta.model_name}_{verb}"] += 1
        if obj is not None and obj.pk is not None:
            self._by_object[(obj._meta.label_lower, obj.pk)] = change
        return change

    def unchanged(self, count_as: str = "") -> None:
        self.counts[f"{count_as}_unchanged" if count_as else "unchanged"] += 1

    def keep(self, source: Source, reason: str, *, count_as: str = "") -> Change:
        """Record that a record the package does not hold (or holds differently) is kept."""
        return self.record(KEPT, source, note=reason, count_as=count_as)

    # writing

    def save(
        self,
        obj: models.Model,
        values: dict[str, Any],
        source: Source | None = None,
        *,
        derived: dict[str, Any] | None = None,
        count_as: str = "",
    ) -> bool:
        """Set `values` on `obj` and save it when it is new or a value differs; record it.
        `derived` values (a search text) are written too but are not the package's content:
        they are not shown, and alone they do not make a change."""
        derived = derived or {}
        if obj.pk is None:
            for name, value in {**values, **derived}.items():
                setattr(obj, name, value)
            obj.save()
            self.record(ADDED, source or default_source(obj), obj=obj, count_as=count_as)
            return True
        changed = {
            name: (getattr(obj, name), value)
            for name, value in values.items()
            if getattr(obj, name) != value
        }
        stale = [name for name, value in derived.items() if getattr(obj, name) != value]
        for name in [*changed, *stale]:
            setattr(obj, name, {**values, **derived}[name])
        if changed or stale:
            extra = ["updated_at"] if changed and hasattr(obj, "updated_at") else []
            obj.save(update_fields=[*changed, *stale, *extra])
        if not changed:
            self.unchanged(count_as)
            self._unchanged.add((obj._meta.label_lower, obj.pk))
            return False
        self.record(
            CHANGED, source or default_source(obj), fields=changed, obj=obj, count_as=count_as
        )
        return True

    def field_changed(
        self,
        obj: models.Model,
        name: str,
        before: Any,
        after: Any,
        source: Source | None = None,
        *,
        count_as: str = "",
    ) -> None:
        """Record a value changed outside save() (a many-to-many set, a link set in a second
        pass). It joins the record's change when there is one: a new record's links are part
        of adding it."""
        key = (obj._meta.label_lower, obj.pk)
        change = self._by_object.get(key)
        if change is not None:
            if change.action == CHANGED:
                change.fields[name] = (before, after)
            return
        if key in self._unchanged:  # save() counted it unchanged; it is not
            self._unchanged.discard(key)
            self.counts[f"{count_as}_unchanged" if count_as else "unchanged"] -= 1
        self.record(
            CHANGED,
            source or default_source(obj),
            fields={name: (before, after)},
            obj=obj,
            count_as=count_as,
        )

    def delete(
        self,
        objects: Iterable[models.Model],
        source_of: Callable[[models.Model], Source] | None = None,
        *,
        count_as: str = "",
    ) -> int:
        """Delete each record and record it, with what its deletion takes along (a measure's
        progress reports, an indicator's actuals …); return how many were deleted."""
        count = 0
        for obj in objects:
            source = source_of(obj) if source_of else default_source(obj)
            label = obj._meta.label
            _total, per_model = obj.delete()
            along = dict(per_model)
            along[label] = along.get(label, 1) - 1
            self.record(REMOVED, source, note=describe_along(along), obj=obj, count_as=count_as)
            count += 1
        return count


def default_source(obj: models.Model) -> Source:
    """A source for a record written by something other than a package (an HSDS import);
    cheap: no query for a label."""
    return Source(file="", what=f"{obj._meta.model_name} {obj.pk or ''}".strip())


def describe_along(per_model: dict[str, int]) -> str:
    """ "進捗状況報告 ×2, 指標の実績値 ×3" for what a deletion took along (model label → count)."""
    parts = []
    for label, count in per_model.items():
        if count <= 0:
            continue
        try:
            name = str(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            name = label
        parts.append(f"{name} ×{count}")
    return ", ".join(parts)


# --- showing the changes ---------------------------------------------------------------------

KEPT_EXAMPLES = 5
VALUE_WIDTH = 60


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _text(value: Any) -> str:
    value = _plain(value)
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value).replace("\n", "⏎")


def show_values(before: Any, after: Any, width: int = VALUE_WIDTH) -> str:
    """Return 'before → after', each cut to `width` characters around the first difference."""
    old, new = _text(before), _text(after)
    if len(old) <= width and len(new) <= width:
        return f"{old} → {new}"
    same = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        same += 1
    start = max(0, same - width // 3)

    def cut(text: str) -> str:
        part = text[start : start + width]
        return ("…" if start else "") + part + ("…" if start + width < len(text) else "")

    return f"{cut(old)} → {cut(new)}"


def render(changes: Iterable[Change]) -> Iterator[str]:
    """The lines of a diff: each file, then one line per record added, changed or removed
    (with its fields before → after), and the records kept, summed up per reason."""
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        by_file.setdefault(change.source.file or "(not from the package)", []).append(change)
    for file, items in by_file.items():
        yield file
        kept: dict[str, list[Change]] = {}
        for change in items:
            if change.action == KEPT:
                kept.setdefault(change.note, []).append(change)
                continue
            source = change.source
            parts = [source.where(), source.what, f"({source.label})" if source.label else ""]
            line = "  " + " ".join(part for part in parts if part) + f": {change.action}"
            if change.action == CHANGED:
                line += " " + ", ".join(change.fields)
            if change.note:
                line += f"; also removes {change.note}"
            yield line
            for name, (before, after) in change.fields.items():
                yield f"      {name}: {show_values(before, after)}"
        for reason, items in kept.items():
            names = [
                f"{c.source.what} ({c.source.label})" if c.source.label else c.source.what
                for c in items[:KEPT_EXAMPLES]
            ]
            more = f" and {len(items) - KEPT_EXAMPLES} more" if len(items) > KEPT_EXAMPLES else ""
            yield f"  kept {len(items)}: {reason}: " + ", ".join(names) + more
