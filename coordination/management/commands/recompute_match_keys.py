"""Recompute every person's duplicate key (Person.match_key) under the current match key.

    manage.py recompute_match_keys                  # dry run: how many keys would change
    manage.py recompute_match_keys --apply          # rewrite them
    manage.py recompute_match_keys --apply --batch-size 500

Run it after changing TSUNAGU_MATCH_KEY (or SECRET_KEY while no match key is set): the keys
made under the old one no longer match an intake. Each body's persons are read a batch at a
time in primary-key order, the kana and birth date decrypted and the key computed again; with
--apply each batch is one transaction (its rows locked where the database can) with one audit
entry of counts, never a name, a kana or a date. Anonymised persons keep their empty key (they
must never match). Safe to stop and run again: a key already right is not rewritten."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coordination.models import Person, match_key
from core import audit
from core.models import LocalGovernment

ACTOR_NAME = "recompute_match_keys"
ACTION = "coordination.person.match_keys"


class Command(BaseCommand):
    help = "Recompute the persons' duplicate keys after the match key changed (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Rewrite (default: dry run).")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, apply: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        checked = changed = 0
        bodies = LocalGovernment.objects.filter(
            pk__in=Person.objects.values("local_government_id")
        ).order_by("pk")
        for body in bodies:
            body_checked, body_changed = self._body(body, apply=apply, batch_size=batch_size)
            checked += body_checked
            changed += body_changed
        verb = "rewritten" if apply else "would change"
        self.stdout.write(f"Done: {checked} person(s) checked, {changed} key(s) {verb}.")
        if not apply:
            self.stdout.write("Dry run: nothing changed. Run with --apply to rewrite.")

    def _body(self, body, *, apply: bool, batch_size: int) -> tuple[int, int]:
        persons = Person.objects.filter(local_government=body, anonymised_at__isnull=True)
        total = persons.count()
        last, checked, changed = 0, 0, 0
        while True:
            with transaction.atomic():
                batch = persons.filter(pk__gt=last).order_by("pk")
                if apply:
                    batch = batch.select_for_update()
                batch = list(batch.only("pk", "name_kana", "birth_date", "match_key")[:batch_size])
                if not batch:
                    break
                stale = []
                for person in batch:
                    key = match_key(person.name_kana, person.birth_date)
                    if person.match_key != key:
                        person.match_key = key
                        stale.append(person)
                if apply and stale:
                    Person.objects.bulk_update(stale, ["match_key"])
                    audit.record(
                        actor=None,
                        actor_name=ACTOR_NAME,
                        action=ACTION,
                        local_government=body,
                        object_type=Person._meta.label_lower,
                        object_label=str(Person._meta.verbose_name_plural),
                        changes={
                            "checked": len(batch),
                            "changed": len(stale),
                            "first_id": batch[0].pk,
                            "last_id": batch[-1].pk,
                        },
                    )
            last = batch[-1].pk
            checked += len(batch)
            changed += len(stale)
            verb = "rewritten" if apply else "would change"
            self.stdout.write(f"  {body.slug}: {checked}/{total} checked, {changed} {verb}")
        return checked, changed
