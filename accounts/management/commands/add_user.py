import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import Organization, User
from core.models import LocalGovernment
from core.roles import Role
from plans.models import Department

KIND_FOR_ROLE = {
    Role.PARTNER: Organization.Kind.PARTNER,
    Role.VOLUNTEER: Organization.Kind.VOLUNTEER_GROUP,
    Role.EMPLOYER: Organization.Kind.EMPLOYER,
    Role.HOUSING_PROVIDER: Organization.Kind.HOUSING_PROVIDER,
}


class Command(BaseCommand):
    help = (
        "Create a staff account. City users (secretariat, department) name their department; "
        "others name their organization, which is created if missing. The password is read "
        "from the terminal, or from standard input with --password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--local-government", help="slug, e.g. kumamoto (not for system_admin)")
        parser.add_argument(
            "--department", help="department name, for secretariat and department users"
        )
        parser.add_argument(
            "--organization",
            help="organization name, for partner, volunteer, employer, housing users",
        )
        parser.add_argument("--display-name", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def handle(
        self,
        *args,
        username,
        role,
        local_government,
        department,
        organization,
        display_name,
        password_stdin,
        **options,
    ):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username} already exists")
        password = (
            sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("password: ")
        )
        try:
            validate_password(password, User(username=username, display_name=display_name))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            organization_obj = self._organization(role, local_government, department, organization)
            services.user_ensure(
                actor=None,
                username=username,
                role=role,
                organization=organization_obj,
                display_name=display_name,
                password=password,
            )
        self.stdout.write(self.style.SUCCESS(f"created {username} ({role})"))

    def _organization(self, role, local_government, department, organization):
        if role == Role.SYSTEM_ADMIN:
            return None
        government = LocalGovernment.objects.filter(slug=local_government or "").first()
        if government is None:
            raise CommandError("--local-government must name a loaded local government")
        if role in (Role.SECRETARIAT, Role.DEPARTMENT):
            unit = Department.objects.filter(
                local_government=government, name=department or ""
            ).first()
            if unit is None:
                raise CommandError("--department must name a department of the plan")
            return services.organization_ensure(
                actor=None,
                local_government=government,
                kind=Organization.Kind.CITY_DEPARTMENT,
                name=unit.name,
                department=unit,
            )
        if not organization:
            raise CommandError("--organization is required for this role")
        return services.organization_ensure(
            actor=None,
            local_government=government,
            kind=KIND_FOR_ROLE[Role(role)],
            name=organization,
        )
