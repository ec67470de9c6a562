"""Re-encrypt every encrypted field under the newest key of FIELD_ENCRYPTION_KEYS.

    FIELD_ENCRYPTION_KEYS=<new>,<old> manage.py rotate_keys [--batch-size 500]

Finds the encrypted fields of every installed model (core.fields.encrypted_fields), walks each
table in primary-key order a batch at a time (one transaction per batch, rows locked where the
database can), and rewrites only the values that are not yet under the newest key. Safe to
interrupt and run again: what was done is skipped. When it reports nothing left to re-encrypt
the old key may be dropped (docs/encryption.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ExpressionWrapper, F, TextField, Value

from core import crypto
from core.fields import encrypted_fields


def _raw(name: str) -> ExpressionWrapper:
    """The column as stored (the token), bypassing the field's decryption."""
    return ExpressionWrapper(F(name), output_field=TextField())


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key (batched, resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = 0
        for model, fields in encrypted_fields():
            total += self._rotate_model(model, fields, batch_size)
        self.stdout.write(f"Done: {total} value(s) re-encrypted under the newest key.")

    def _rotate_model(self, model, fields, batch_size: int) -> int:
        label = model._meta.label
        names = [field.attname for field in fields]
        rows = model._base_manager.count()
        self.stdout.write(f"{label} ({', '.join(names)}): {rows} row(s)")
        last, seen, changed = None, 0, 0
        while True:
            with transaction.atomic():
                batch = model._base_manager.order_by("pk")
                if last is not None:
                    batch = batch.filter(pk__gt=last)
                batch = list(
                    batch.select_for_update()
                    .annotate(**{f"raw_{name}": _raw(name) for name in names})
                    .values_list("pk", *(f"raw_{name}" for name in names))[:batch_size]
                )
                if not batch:
                    break
                changed += self._rewrite(model, names, batch)
            last = batch[-1][0]
            seen += len(batch)
            self.stdout.write(f"  {label}: {seen}/{rows} checked, {changed} re-encrypted")
        return changed

    def _rewrite(self, model, names, batch) -> int:
        changed = 0
        for pk, *tokens in batch:
            updates = {
                name: Value(
                    crypto.rotate(token, what=f"{model._meta.label}.{name} #{pk}"),
                    output_field=TextField(),
                )
                for name, token in zip(names, tokens, strict=True)
                if token is not None and not crypto.is_current(token)
            }
            if updates:
                model._base_manager.filter(pk=pk).update(**updates)
                changed += len(updates)
        return changed
