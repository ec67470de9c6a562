from django.core.management.base import BaseCommand, CommandError

from accounts.mfa import services as mfa
from accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's authenticator (a lost or replaced phone); they enrol again at the next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username}")
        mfa.reset(actor=None, user=user)
        self.stdout.write(self.style.SUCCESS(f"two-factor sign-in reset for {username}"))
