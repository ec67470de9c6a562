"""Walk every audit chain (or one local government's) and name the first entry of each that does
not verify; exit non-zero if any. Safe for cron: it only reads (docs/audit.md)."""

from django.core.management.base import BaseCommand, CommandError

from core.audit import chain as audit_chain
from core.models import AuditChainHead, AuditEntry, LocalGovernment


class Command(BaseCommand):
    help = "Verify the audit log's hash chains; name the first entry of each that does not verify."

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-government", metavar="SLUG", help="only this local government's chain"
        )

    def handle(self, *args, local_government=None, **options):
        names = dict(LocalGovernment.objects.values_list("pk", "name"))
        if local_government:
            body = LocalGovernment.objects.filter(slug=local_government).first()
            if body is None:
                raise CommandError(f"no local government with the slug {local_government!r}")
            chains = [body.pk]
        else:
            chains = sorted(
                {
                    audit_chain.chain_key(pk)
                    for pk in AuditEntry.objects.values_list("local_government_id", flat=True)
                    .order_by()
                    .distinct()
                }
                | set(AuditChainHead.objects.values_list("chain", flat=True))
            )
        broken = []
        total = 0
        for chain in chains:
            report = self._verify(chain)
            total += report.entries
            label = (
                "no local government"
                if chain == audit_chain.NO_LOCAL_GOVERNMENT
                else names.get(chain, f"local government #{chain} (deleted)")
            )
            if report.broken:
                broken.append(report.broken)
                where = report.broken
                when = audit_chain.utc_iso(where.created_at) if where.created_at else "—"
                self.stdout.write(
                    f"BROKEN {label}: entry {where.entry_id} ({when}, {where.action or '—'}): "
                    f"{where.problem}"
                )
            else:
                self.stdout.write(f"ok {label}: {report.entries} entries, head {report.head_hash}")
        if broken:
            raise CommandError(
                f"{len(broken)} of {len(chains)} audit chains do not verify; first entry that "
                f"does not: {broken[0].entry_id}"
            )
        self.stdout.write(f"verified: {len(chains)} chains, {total} entries")

    def _verify(self, chain: int) -> audit_chain.ChainReport:
        entries = AuditEntry.objects.order_by("id")
        if chain == audit_chain.NO_LOCAL_GOVERNMENT:
            entries = entries.filter(local_government_id__isnull=True)
        else:
            entries = entries.filter(local_government_id=chain)
        head = AuditChainHead.objects.filter(chain=chain).first()
        return audit_chain.walk(chain, entries.iterator(chunk_size=2000), head)
