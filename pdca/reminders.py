"""Reminder e-mails to departments whose progress reports are not submitted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit, wareki
from core.roles import Role
from pdca import selectors
from pdca.models import ReminderLog, ReportingCycle


@dataclass
class Sent:
    cycle: ReportingCycle
    department_name: str
    recipients: list[str]
    pending: int


def reminder_due(cycle: ReportingCycle, today: datetime.date) -> bool:
    offset = (cycle.deadline - today).days
    if offset >= 0:
        return offset in settings.TSUNAGU_REMINDER_DAYS_BEFORE
    return -offset in settings.TSUNAGU_REMINDER_DAYS_AFTER


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> list[Sent]:
    """Send today's reminders. Safe to run more than once a day: a department gets at most
    one reminder per cycle per day (ReminderLog)."""
    today = today or timezone.localdate()
    sent: list[Sent] = []
    cycles = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).select_related(
        "plan", "local_government"
    )
    for cycle in cycles:
        if not reminder_due(cycle, today):
            continue
        pending = selectors.pending_by_department(cycle)
        if not pending:
            continue
        users = User.objects.filter(
            is_active=True,
            role=Role.DEPARTMENT,
            organization__department_id__in=list(pending),
            organization__local_government=cycle.local_government,
        ).exclude(email="")
        addresses: dict[int, list[str]] = {}
        for user in users.select_related("organization"):
            addresses.setdefault(user.organization.department_id, []).append(user.email)
        for department_id, reports in pending.items():
            recipients = sorted(addresses.get(department_id, []))
            department = reports[0].department
            if dry_run:
                sent.append(Sent(cycle, department.full_name, recipients, len(reports)))
                continue
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        local_government=cycle.local_government,
                        cycle=cycle,
                        department_id=department_id,
                        sent_on=today,
                        recipients=", ".join(recipients),
                        pending_count=len(reports),
                    )
                    if recipients:
                        send_mail(
                            _subject(cycle, today),
                            _body(cycle, department.full_name, reports, today),
                            settings.DEFAULT_FROM_EMAIL,
                            recipients,
                        )
                    audit.record(
                        actor=None,
                        action="pdca.reminder_send",
                        local_government=cycle.local_government,
                        obj=cycle,
                        changes={
                            "department": {"before": None, "after": department.full_name},
                            "pending": {"before": None, "after": len(reports)},
                            "recipients": {"before": None, "after": recipients},
                        },
                    )
            except IntegrityError:
                continue  # already reminded today
            sent.append(Sent(cycle, department.full_name, recipients, len(reports)))
    return sent


def _subject(cycle, today) -> str:
    if today > cycle.deadline:
        return _("【督促】%(year)s 進捗状況報告の提出期限を過ぎています") % {
            "year": wareki.fiscal_year_label(cycle.fiscal_year)
        }
    return _("【依頼】%(year)s 進捗状況報告の提出期限が近づいています") % {
        "year": wareki.fiscal_year_label(cycle.fiscal_year)
    }


def _body(cycle, department_name, reports, today) -> str:
    link = settings.TSUNAGU_SITE_URL.rstrip("/") + reverse(
        "pdca:report_list", kwargs={"pk": cycle.pk}
    )
    lines = [
        _("%(department)s 御中") % {"department": department_name},
        "",
        _("%(plan)s の %(year)s 進捗状況報告について、提出期限は %(deadline)s です。")
        % {
            "plan": cycle.plan.title,
            "year": wareki.fiscal_year_label(cycle.fiscal_year),
            "deadline": wareki.date_label(cycle.deadline),
        },
        _("次の %(count)s 件が未提出です（作成中または差戻し）。") % {"count": len(reports)},
        "",
    ]
    for report in reports:
        measure = report.measure
        lines.append(
            f"・{measure.area.pillar.number}-{measure.area.number}-{measure.circled_number} "
            f"{measure.title}（{report.get_status_display()}）"
        )
    lines += ["", _("報告の一覧: %(link)s") % {"link": link}, "", _("（このメールは自動送信です）")]
    return "\n".join(lines)
