import time

from django.core.management.base import BaseCommand, CommandError

from core import synthetic


class Command(BaseCommand):
    help = (
        "Create N fictional local governments (codes 90xxxx, names marked as fictional), each with data "
        "shaped like Kumamoto's, for scale tests and benchmarks. Running it again only adds "
        "the missing ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--local-governments", type=int, required=True, metavar="N")
        parser.add_argument("--batch-size", type=int, default=50)

    def handle(self, *args, local_governments, batch_size, **options):
        if not 1 <= local_governments <= 9999:
            raise CommandError("--local-governments must be between 1 and 9999")
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(
                f"  {done}/{total} local governments ({time.monotonic() - started:.0f} s)"
            )

        created = synthetic.seed(local_governments, batch_size=batch_size, progress=progress)
        names = ", ".join(name for name, _ in synthetic.seeders())
        self.stdout.write(
            self.style.SUCCESS(
                f"created {created} synthetic local governments ({names}) in {time.monotonic() - started:.1f} s"
            )
        )
