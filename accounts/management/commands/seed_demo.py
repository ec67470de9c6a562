"""Create one fictional demo account per role, and the demo data each plan-package section
registers (employers, postings …; development only). Each demo record is created once: see
accounts/demo.py."""

# i18n-data-file: the names below are fictional demo data, not interface text.

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo, services
from accounts.models import Organization, User
from core.models import LocalGovernment
from core.package.sections import registered_sections
from core.roles import Role
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
    help = (
        "Create the demo accounts (one per role, fictional people and bodies), employers and "
        "postings that were never created; never change or recreate what a user edited or "
        "deleted. Refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-government",
            default=None,
            help="slug; default TSUNAGU_DEFAULT_LOCAL_GOVERNMENT",
        )
        parser.add_argument(
            "--restore",
            action="store_true",
            help="also recreate the demo records a user deleted (existing ones stay as they are)",
        )

    def handle(self, *args, local_government, restore, **options):
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
        counts = Counter()
        organizations = {}
        for username, role, display_name, kind, name in [
            *DEMO_ACCOUNTS,
            (*ADMIN_ACCOUNT, None, None),
        ]:
            key = f"account:{username}"
            user = User.objects.filter(username=username).first()
            if user is None and not demo.should_create(
                government, key, lambda pk: User.objects.filter(pk=pk).exists(), restore=restore
            ):
                counts["deleted"] += 1
                continue
            organization = None
            if kind is not None:
                organization = self.organization(government, user, kind, name)
                organizations[role] = organization
            if user is None:
                user, _created = services.user_ensure(
                    actor=None,
                    username=username,
                    role=role,
                    organization=organization,
                    display_name=display_name,
                    password=settings.DEMO_PASSWORD,
                    is_fictional=True,
                )
                counts["created"] += 1
            else:
                counts["kept"] += 1
            demo.remember(government, key, user)
        self.stdout.write(f"demo accounts: {self.describe(counts, restore)}")
        # each section of the plan package seeds its own demo data (employers, postings …)
        for section in registered_sections():
            if section.demo is None:
                continue
            for label, section_counts in section.demo(
                government, organizations=organizations, restore=restore
            ):
                self.stdout.write(f"{label}: {self.describe(section_counts, restore)}")

    @staticmethod
    def organization(government, user, kind, name):
        """The demo user's organization: its own when it has one here (a user may have renamed
        it), else the demo organization of that name, created if needed."""
        if (
            user is not None
            and user.organization_id
            and user.organization.local_government_id == government.pk
        ):
            return user.organization
        department = None
        if kind == Organization.Kind.CITY_DEPARTMENT:
            department = Department.objects.filter(local_government=government, name=name).first()
            if department is None:
                raise CommandError(f"department {name} is not in {government}'s plan")
        return services.organization_ensure(
            actor=None,
            local_government=government,
            kind=kind,
            name=name,
            department=department,
            is_fictional=department is None,
        )

    @staticmethod
    def describe(counts: Counter, restore: bool) -> str:
        text = f"{counts['created']} created, {counts['kept']} already there (left as they are)"
        if counts["deleted"]:
            text += f", {counts['deleted']} deleted by a user and not recreated"
            if not restore:
                text += " (seed_demo --restore recreates them)"
        return text
