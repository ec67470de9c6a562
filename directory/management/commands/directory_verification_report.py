import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.models import LocalGovernment
from directory.back_office.selectors import verification_cutoff, verification_report


class Command(BaseCommand):
    help = (
        "List the published directory entries not verified for 12 months (or never), per "
        "maintainer, for each local government. Prints only; safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lg", action="append", help="only this local government (slug)")
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, lg=None, date=None, **options):
        today = datetime.date.today()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        governments = LocalGovernment.objects.order_by("code")
        if lg:
            governments = governments.filter(slug__in=lg)
            missing = set(lg) - set(governments.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no such local government: {', '.join(sorted(missing))}")
        cutoff = verification_cutoff(today)
        total = 0
        for government in governments:
            groups = verification_report(government, today=today)
            count = sum(group.count for group in groups)
            total += count
            self.stdout.write(
                _(
                    "%(name)s: 要確認の掲載 %(count)s件（最終確認日が %(cutoff)s より前、または未確認）"
                )
                % {"name": government.name, "count": count, "cutoff": cutoff.isoformat()}
            )
            for group in groups:
                owner = group.maintainer.name if group.maintainer else _("（管理する組織が未設定）")
                self.stdout.write(
                    _("  [%(owner)s] %(count)s件") % {"owner": owner, "count": group.count}
                )
                for organization in group.organizations:
                    self.stdout.write(
                        _("    機関・団体: %(name)s（最終確認日: %(date)s）")
                        % {"name": organization.name, "date": _date(organization)}
                    )
                for service in group.services:
                    self.stdout.write(
                        _("    支援・サービス: %(org)s / %(name)s（最終確認日: %(date)s）")
                        % {
                            "org": service.organization.name,
                            "name": service.name,
                            "date": _date(service),
                        }
                    )
        self.stdout.write(_("合計 %(total)s件") % {"total": total})


def _date(record) -> str:
    return record.last_verified_on.isoformat() if record.last_verified_on else _("未確認")
