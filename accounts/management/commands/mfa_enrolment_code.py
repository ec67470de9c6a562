from django.core.management.base import BaseCommand, CommandError

from accounts.mfa import enrolment_codes
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Issue a one-time enrolment code (24 hours) so that a user may enrol a first second "
        "factor: the way in for the first system admin, who has no invitation and nobody above "
        "to issue one (docs/sign-in.md). Audited; earlier codes stop working."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username}")
        code = enrolment_codes.enrolment_code_issue(actor=None, user=user)
        self.stdout.write(f"enrolment code for {username} (24 hours, once): {code}")
