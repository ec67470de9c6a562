"""Delete sign-in bookkeeping that is no longer needed (docs/operations.md "Daily jobs").

- axes' attempts whose expiry has passed (they no longer count towards any lock), and
  attempts without an expiry older than LOGIN_ATTEMPT_RETENTION_DAYS;
- axes' access logs (successful sign-ins, sign-outs) and failure logs older than that.

Safe for cron: it deletes only what is past its time, so a second run finds nothing and says
so; it deletes in batches (--batch-size rows per transaction, at most --max-batches batches
per kind) so that a large backlog never holds the database's write lock for long and the
next run continues. The audit log keeps every failure and lock-out; it is not touched here."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone


def delete_in_batches(queryset, *, batch_size: int, max_batches: int) -> tuple[int, bool]:
    """Delete the rows of `queryset`, a batch per transaction; return how many and whether
    rows are left (the batch limit was reached)."""
    total = 0
    for _batch in range(max_batches):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return total, False
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=ids).delete()
        total += len(ids)
    return total, queryset.exists()


class Command(BaseCommand):
    help = (
        "Delete expired sign-in attempts and access logs older than "
        "LOGIN_ATTEMPT_RETENTION_DAYS (safe to run from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep this many days of access logs (default: LOGIN_ATTEMPT_RETENTION_DAYS)",
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--max-batches", type=int, default=100)

    def handle(self, *args, days, batch_size, max_batches, **options):
        days = settings.LOGIN_ATTEMPT_RETENTION_DAYS if days is None else max(1, days)
        batch_size, max_batches = max(1, batch_size), max(1, max_batches)
        now = timezone.now()
        cutoff = now - timedelta(days=days)
        kinds = [
            (
                "attempts",
                AccessAttempt.objects.filter(
                    Q(expiration__expires_at__lte=now)
                    | Q(expiration__isnull=True, attempt_time__lt=cutoff)
                ),
            ),
            ("access logs", AccessLog.objects.filter(attempt_time__lt=cutoff)),
            ("failure logs", AccessFailureLog.objects.filter(attempt_time__lt=cutoff)),
        ]
        lines = []
        for label, queryset in kinds:
            count, more = delete_in_batches(
                queryset, batch_size=batch_size, max_batches=max_batches
            )
            if count:
                lines.append(
                    f"deleted {count} {label}" + (" (more left for the next run)" if more else "")
                )
        if not lines:
            self.stdout.write(f"nothing to prune (access logs kept for {days} days)")
            return
        for line in lines:
            self.stdout.write(line)
