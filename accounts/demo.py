"""What seed_demo has created, so that it creates each demo record once per local government
(development only; docs/operations.md).

A demo record is created when it was never created before. One that exists is never changed
(a user may have edited it); one created before and gone was deleted by a user and stays
deleted, unless the operator asks for it back (`seed_demo --restore`)."""

from accounts.models import DemoRecord


def seeded(local_government, key: str) -> DemoRecord | None:
    """The note that seed_demo created the demo record `key`, or None if it never did."""
    return DemoRecord.objects.filter(local_government=local_government, key=key).first()


def remember(local_government, key: str, obj) -> None:
    """Note that the demo record `key` is `obj` (created now, or found from an earlier run)."""
    DemoRecord.objects.update_or_create(
        local_government=local_government, key=key, defaults={"object_id": str(obj.pk)}
    )


def should_create(local_government, key: str, exists, *, restore: bool) -> bool:
    """Whether to create the demo record `key`: never when it exists (`exists(object_id)`),
    when it was never created, or when it was deleted and the operator asks to restore."""
    record = seeded(local_government, key)
    if record is None:
        return True
    return restore and not exists(record.object_id)
