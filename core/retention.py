"""Retention: how long each kind of record with personal data is kept, and its end.

Apps register a `RetentionRule` per kind of record (in their AppConfig.ready; core imports no
app); settings.TSUNAGU_RETENTION gives each kind its period in days. `manage.py
apply_retention` (dry-run unless --apply) finds what has outlived its period and deletes or
anonymises it, a batch at a time, each batch in one transaction with one audit entry naming
its ids. The audit log itself is never a retention target (it is append-only and is the
record that the deletion happened).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from core import audit

DELETE = "delete"
ANONYMISE = "anonymise"
BATCH_SIZE = 200
ACTOR_NAME = "apply_retention"


@dataclass(frozen=True)
class RetentionRule:
    """One kind of record and its end.

    `expired(cutoff)` returns the records whose retention started before `cutoff` (the
    rule decides from which date: closing, rejection, …) and that are not yet dealt with;
    for ANONYMISE, `anonymise(queryset)` blanks their personal data in place."""

    kind: str  # the key in settings.TSUNAGU_RETENTION, e.g. "employment.job_seeker"
    label: str  # what it is, in plain Japanese
    model: type[models.Model]
    action: str  # DELETE or ANONYMISE
    expired: Callable[[datetime.datetime], models.QuerySet]
    anonymise: Callable[[models.QuerySet], None] | None = None
    # the path to the local government for a model without its own field (e.g.
    # "case__local_government_id"), so that each body's audit chain gets its entries
    local_government_lookup: str = ""


_RULES: dict[str, RetentionRule] = {}


def register(rule: RetentionRule) -> None:
    from core.models import AuditEntry

    if rule.model is AuditEntry:
        raise ValueError("The audit log is never deleted or anonymised.")
    if rule.action not in (DELETE, ANONYMISE) or (rule.action == ANONYMISE) != bool(rule.anonymise):
        raise ValueError(f"{rule.kind}: an anonymising rule needs `anonymise`, others none.")
    if rule.kind in _RULES and _RULES[rule.kind] != rule:
        raise ValueError(f"Retention rule {rule.kind} is registered twice.")
    _RULES[rule.kind] = rule


def rules() -> list[RetentionRule]:
    return [_RULES[kind] for kind in sorted(_RULES)]


@dataclass
class Outcome:
    rule: RetentionRule
    days: int | None
    ids: list[int]  # expired (dry run) or dealt with (--apply)
    kept: list[int]  # could not be deleted (still referenced)


def _batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _expired_by_local_government(rule, cutoff) -> dict[int | None, list[int]]:
    grouped: dict[int | None, list[int]] = defaultdict(list)
    field = rule.local_government_lookup or (
        "local_government_id" if _has_local_government(rule.model) else None
    )
    columns = ("pk", field) if field else ("pk",)
    for row in rule.expired(cutoff).order_by("pk").values_list(*columns):
        grouped[row[1] if field else None].append(row[0])
    return grouped


def _has_local_government(model) -> bool:
    return any(f.attname == "local_government_id" for f in model._meta.concrete_fields)


def _apply_batch(rule, local_government_id, ids, *, days, cutoff) -> tuple[list[int], list[int]]:
    with transaction.atomic():
        # again inside the transaction: a record reopened since the listing is left alone
        done = list(
            rule.expired(cutoff).filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        )
        queryset = rule.model._base_manager.filter(pk__in=done)
        kept = []
        if rule.action == ANONYMISE:
            rule.anonymise(queryset)
        else:
            try:
                with transaction.atomic():
                    queryset.delete()
            except ProtectedError:
                done = []
                for obj in queryset:
                    try:
                        with transaction.atomic():
                            obj.delete()
                        done.append(obj.pk)
                    except ProtectedError:
                        kept.append(obj.pk)
        if done:
            audit.record(
                actor=None,
                actor_name=ACTOR_NAME,
                action=f"retention.{rule.action}",
                local_government=_local_government(local_government_id),
                object_type=rule.model._meta.label_lower,
                object_label=rule.label,
                changes={
                    "kind": rule.kind,
                    "ids": done,
                    "days": days,
                    "cutoff": cutoff.isoformat(),
                },
            )
    return done, kept


def _local_government(pk):
    from core.models import LocalGovernment

    return LocalGovernment.objects.filter(pk=pk).first() if pk is not None else None


def run(*, apply: bool, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE):
    """Find (and with `apply`, deal with) every expired record; one Outcome per rule."""
    now = now or timezone.now()
    schedule = getattr(settings, "TSUNAGU_RETENTION", {})
    outcomes = []
    for rule in rules():
        days = schedule.get(rule.kind)
        if days is None:
            outcomes.append(Outcome(rule, None, [], []))
            continue
        cutoff = now - datetime.timedelta(days=days)
        ids, kept = [], []
        for local_government_id, expired in _expired_by_local_government(rule, cutoff).items():
            if not apply:
                ids += expired
                continue
            for batch in _batches(expired, batch_size):
                done, refused = _apply_batch(
                    rule, local_government_id, batch, days=days, cutoff=cutoff
                )
                ids += done
                kept += refused
        outcomes.append(Outcome(rule, days, sorted(ids), sorted(kept)))
    return outcomes


def unknown_kinds() -> list[str]:
    """Kinds in the schedule that no app registered (a typo would keep data forever)."""
    return sorted(set(getattr(settings, "TSUNAGU_RETENTION", {})) - set(_RULES))
