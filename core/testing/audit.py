"""`assert_audited`: a test of an audited service checks the entry it wrote, not only that one
exists: who (the actor), on what (the object and its local government) and what changed. An
audit call removed, or its changes emptied, then fails the test."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.audit import chain as audit_chain
from core.models import AuditEntry

_UNSET: Any = object()


def assert_audited(
    *,
    action: str,
    actor,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict | None = None,
    changes_include: dict | None = None,
    local_government=_UNSET,
    actor_label: str = "",
    count: int = 1,
    each: bool = False,
) -> AuditEntry:
    """Assert that exactly one entry `action` was written about `obj` (or `object_type` and
    `object_id`) by `actor` (None: the system), with exactly `changes` or at least the items
    of `changes_include`, in `obj`'s local government (or `local_government`), and that it
    sits in its hash chain as written. With `count`, that many such entries were written and
    the last one is checked, or with `each` every one of them. Return the (last) entry for
    further checks."""
    assert changes is not None or changes_include is not None, "say which changes to expect"
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    entries = AuditEntry.objects.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        entries = entries.filter(object_id=object_id)
    found = list(entries.order_by("id"))
    assert len(found) == count, (
        f"expected {count} {action!r} entries for {object_type} #{object_id}, found {len(found)}: "
        f"{[(e.object_type, e.object_id, e.changes) for e in found]}"
    )
    for entry in found if each else found[-1:]:
        _check(entry, obj, actor, actor_label, local_government, changes, changes_include)
    return found[-1]


def _check(entry, obj, actor, actor_label, local_government, changes, changes_include) -> None:
    expected_actor = getattr(actor, "pk", None)
    assert entry.actor_id == expected_actor, (entry.actor_label, actor)
    if actor_label:
        assert entry.actor_label == actor_label, entry.actor_label
    if local_government is _UNSET:
        local_government = _local_government_of(obj)
    if local_government is not _UNSET:
        assert entry.local_government_id == getattr(local_government, "pk", local_government)
    if changes is not None:
        assert entry.changes == changes, entry.changes
    for key, value in (changes_include or {}).items():
        assert key in entry.changes, (key, entry.changes)
        assert entry.changes[key] == value, (key, entry.changes[key], value)
    assert audit_chain.hash_of(entry) == entry.hash, "the entry does not verify"


def _local_government_of(obj):
    if obj is None:
        return _UNSET
    if hasattr(obj, "local_government_id"):
        return obj.local_government_id
    return _UNSET
