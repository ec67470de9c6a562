"""Create one fictional demo account per role (development only)."""

# i18n-data-file: the names below are fictional demo data, not interface text.

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import Organization
from core.models import LocalGovernment
from core.roles import Role
from employment.demo import ensure_demo_employers, ensure_demo_postings
from plans.models import Department

# (username, role, display name, organization kind, organization name or department name)
DEMO_ACCOUNTS = [
    (
        "secretariat",
        Role.SECRETARIAT,
        "事務局 花子（架空）",
        Organization.Kind.CITY_DEPARTMENT,
        "生活安全課",
    ),
    (
        "department",
        Role.DEPARTMENT,
        "住宅 一郎（架空）",
        Organization.Kind.CITY_DEPARTMENT,
        "住宅政策課",
    ),
    (
        "partner",
        Role.PARTNER,
        "支援 さくら（架空）",
        Organization.Kind.PARTNER,
        "NPO法人つなぐサポート（架空）",
    ),
    (
        "volunteer",
        Role.VOLUNTEER,
        "保護司 太郎（架空）",
        Organization.Kind.VOLUNTEER_GROUP,
        "つなぐ地区保護司会（架空）",
    ),
    (
        "employer",
        Role.EMPLOYER,
        "雇用 次郎（架空）",
        Organization.Kind.EMPLOYER,
        "株式会社つなぐ建設（架空）",
    ),
    (
        "housing",
        Role.HOUSING_PROVIDER,
        "住まい 三郎（架空）",
        Organization.Kind.HOUSING_PROVIDER,
        "つなぐ居住支援合同会社（架空）",
    ),
]
ADMIN_ACCOUNT = ("sysadmin", Role.SYSTEM_ADMIN, "システム 管理者（架空）")


class Command(BaseCommand):
    help = "Create the demo accounts (one per role, fictional people and bodies). Refused in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-government",
            default=None,
            help="slug; default TSUNAGU_DEFAULT_LOCAL_GOVERNMENT",
        )

    def handle(self, *args, local_government, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Demo accounts are for development only; refused with TSUNAGU_ENV=production."
            )
        slug = local_government or settings.TSUNAGU_DEFAULT_LOCAL_GOVERNMENT
        government = LocalGovernment.objects.filter(slug=slug).first()
        if government is None:
            raise CommandError(
                f"no local government {slug!r}: load a plan first (manage.py load_plan)"
            )
        password = settings.DEMO_PASSWORD
        created = 0
        organizations = {}
        for username, role, display_name, kind, name in DEMO_ACCOUNTS:
            department = None
            if kind == Organization.Kind.CITY_DEPARTMENT:
                department = Department.objects.filter(
                    local_government=government, name=name
                ).first()
                if department is None:
                    raise CommandError(f"department {name} is not in {government}'s plan")
            organization = services.organization_ensure(
                actor=None,
                local_government=government,
                kind=kind,
                name=name,
                department=department,
                is_fictional=department is None,
            )
            organizations[role] = organization
            _user, was_created = services.user_ensure(
                actor=None,
                username=username,
                role=role,
                organization=organization,
                display_name=display_name,
                password=password,
                is_fictional=True,
            )
            created += was_created
        username, role, display_name = ADMIN_ACCOUNT
        _user, was_created = services.user_ensure(
            actor=None,
            username=username,
            role=role,
            organization=None,
            display_name=display_name,
            password=password,
            is_fictional=True,
        )
        created += was_created
        self.stdout.write(
            f"demo accounts: {created} created, {len(DEMO_ACCOUNTS) + 1 - created} already there"
        )
        employers = ensure_demo_employers(government, organizations[Role.EMPLOYER])
        self.stdout.write(f"demo employers: {employers} created")
        postings = ensure_demo_postings(government)
        self.stdout.write(f"demo job postings: {postings} created")
