"""The audit log: every service records who did what, when, and the values before → after."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core.access import has_role
from core.audit import chain as audit_chain
from core.models import AuditChainHead, AuditEntry, LocalGovernment
from core.roles import Role
from core.web.client import client_ip


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the plain values of `fields` of `obj`, for a before/after comparison."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return {field: {"before": …, "after": …}} for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    }


def actor_label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return user.get_username()


def record(
    *,
    actor,
    action: str,
    local_government: LocalGovernment | None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    changes: dict | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Write one audit entry. Call it inside the service's transaction. `actor_name` names an
    actor without an account (the operator of a management command)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        local_government_id=local_government.pk if local_government is not None else None,
        actor_id=user.pk if user is not None else None,
        actor_label=actor_name[:200] or actor_label(actor)[:200],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:300],
        changes=audit_chain.json_value(_plain(changes or {})),
    )
    with transaction.atomic():
        head = _locked_head(audit_chain.chain_key(entry.local_government_id))
        entry.created_at = timezone.now()  # under the lock: times rise along the chain
        entry.prev_hash = head.last_hash
        entry.hash = audit_chain.hash_of(entry)
        entry.save(force_insert=True)
        head.last_entry_id = entry.pk
        head.last_hash = entry.hash
        head.save(update_fields=["last_entry_id", "last_hash"])
    return entry


def _locked_head(chain: int) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (SELECT … FOR UPDATE on
    PostgreSQL; SQLite's IMMEDIATE transactions hold the write lock already). The head is made
    on first use without a race: an insert that ignores a concurrent one, then the locked read."""
    heads = AuditChainHead.objects.select_for_update()
    head = heads.filter(chain=chain).first()
    if head is None:
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(chain=chain, last_entry_id=None, last_hash=audit_chain.GENESIS)],
            ignore_conflicts=True,
        )
        head = heads.get(chain=chain)
    return head


# Entries that a refused request may still write: the refusal itself and the sign-in
# bookkeeping. A refused request writes nothing else (the access matrix checks it).
ACCESS_DENIED = "access.denied"
LOGIN_FAILED = "auth.login_failed"
LOCKED_OUT = "auth.lockout"
SECURITY_ACTIONS = frozenset({ACCESS_DENIED, LOGIN_FAILED, LOCKED_OUT})

SENSITIVE_READ = AuditEntry.SENSITIVE_READ
SENSITIVE_READ_ACTIONS = AuditEntry.SENSITIVE_READ_ACTIONS
REASON_MAX_LENGTH = 500


def sensitive_read(
    *,
    actor,
    obj: models.Model,
    local_government: LocalGovernment | None,
    kind: str,
    fields: Iterable[str] = (),
    purpose: str = "",
    reason: str = "",
    request=None,
) -> AuditEntry:
    """Record that `actor` was shown the sensitive fields of `obj` (要配慮個人情報): which kind
    of record (`kind`, e.g. "criminal_history"), which fields, for what (`purpose`: the page or
    export that showed them), the reason the person gave when they asked to unmask, and from
    which address. Every sensitive read in every app goes through here, so the audit-log
    screen's 閲覧記録 filter finds them all. Call it after the access check and before the
    values go out; it joins the caller's transaction if there is one."""

    return record(
        actor=actor,
        action=SENSITIVE_READ,
        local_government=local_government,
        obj=obj,
        changes={
            "kind": kind,
            "fields": list(fields),
            "purpose": purpose,
            "reason": " ".join(reason.split())[:REASON_MAX_LENGTH],
            "ip": client_ip(request) if request is not None else None,
        },
    )


def sensitive_reads(entries):
    """Only the sensitive reads among `entries` (those written before issue 14 included)."""
    return entries.filter(action__in=SENSITIVE_READ_ACTIONS)


def visible_entries(user):
    """Audit entries the user may browse: the secretariat its own local government's, a
    system admin every one; nobody else any."""

    if has_role(user, [Role.SYSTEM_ADMIN]):
        return AuditEntry.objects.all()
    if has_role(user, [Role.SECRETARIAT]) and user.local_government_id:
        return AuditEntry.objects.filter(local_government_id=user.local_government_id)
    return AuditEntry.objects.none()
