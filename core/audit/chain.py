"""The hash chain of the audit log (ADR 0009).

Each local government's entries form one chain in id order (the entries of no local government
form their own, chain 0). An entry's `hash` is the SHA-256 of a stable JSON of its content and
`prev_hash`, the hash of the chain's previous entry (GENESIS for the first). Editing an entry
changes its content, so its hash no longer verifies; removing one leaves the next entry's
`prev_hash` pointing at nothing; removing the last ones leaves the head (AuditChainHead) pointing
past the end. This module is plain functions over values so that the migration which chained
the existing entries computes exactly what `core.audit.record` does."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
NO_LOCAL_GOVERNMENT = 0


def chain_key(local_government_id: int | None) -> int:
    return local_government_id or NO_LOCAL_GOVERNMENT


def utc_iso(moment: datetime.datetime) -> str:
    """The time as the hash sees it: UTC, ISO 8601, always with microseconds."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def json_value(value: Any) -> Any:
    """`value` as it comes back from a JSON column (keys become strings, tuples lists), so
    that the hash of what is written equals the hash of what is read back."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def _numbers(value: Any) -> Any:
    """Whole floats as ints: PostgreSQL's jsonb gives 1e20 back as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    return value


def canonical(
    *,
    local_government_id: int | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    changes: Any,
    created_at: datetime.datetime,
    prev_hash: str,
) -> bytes:
    """The bytes an entry's hash is computed over: sorted keys, no spaces, UTF-8."""
    content = {
        "local_government_id": local_government_id,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": object_label,
        "changes": _numbers(changes),
        "created_at": utc_iso(created_at),
        "prev_hash": prev_hash,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(**content: Any) -> str:
    return hashlib.sha256(canonical(**content)).hexdigest()


HASHED_FIELDS = (
    "local_government_id",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
    "created_at",
    "prev_hash",
)


def hash_of(entry) -> str:
    """The hash an entry (a model instance or a row with the hashed fields) should carry."""
    return entry_hash(**{name: getattr(entry, name) for name in HASHED_FIELDS})


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first entry of a chain that does not verify, and why."""

    chain: int
    entry_id: int | None
    created_at: datetime.datetime | None
    action: str
    problem: str


@dataclass
class ChainReport:
    chain: int
    entries: int = 0
    head_hash: str = GENESIS
    broken: Break | None = None


def walk(chain: int, entries: Iterator, head) -> ChainReport:
    """Check one chain: `entries` in id order, `head` its AuditChainHead (or None)."""
    report = ChainReport(chain=chain)
    expected_prev = GENESIS
    last = None
    for entry in entries:
        report.entries += 1
        if entry.prev_hash != expected_prev:
            problem = "prev_hash does not match the previous entry (an entry before it is gone?)"
            report.broken = Break(chain, entry.id, entry.created_at, entry.action, problem)
            return report
        if hash_of(entry) != entry.hash:
            problem = "content does not match its hash (edited?)"
            report.broken = Break(chain, entry.id, entry.created_at, entry.action, problem)
            return report
        expected_prev = entry.hash
        last = entry
    report.head_hash = expected_prev
    head_id = head.last_entry_id if head else None
    head_hash = head.last_hash if head else GENESIS
    if (last.id if last else None) != head_id or expected_prev != head_hash:
        problem = (
            f"the chain ends at entry {last.id if last else '—'} but its head names entry "
            f"{head_id if head_id is not None else '—'} (entries at the end are gone?)"
        )
        report.broken = Break(chain, head_id, None, "", problem)
    return report
