"""Reminder e-mails to departments whose progress reports are not submitted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit, wareki
from core.jobs.services import enqueue
from core.roles import Role
from pdca import access, selectors
from pdca.models import ReminderLog, ReportingCycle

# The mail goes out through the queue, with retries (pdca/reminders/jobs.py).
REMINDER_JOB = "pdca.reminder_mail"


@dataclass
class Sent:
    cycle: ReportingCycle
    department_name: str
    recipients: list[str]
    pending: int


@dataclass
class Mail:
    """A reminder as it will be sent: what the preview shows and what the send writes."""

    department_id: int
    department_name: str
    recipients: list[str]
    reports: list
    subject: str
    body: str


@dataclass
class Outcome:
    sent: list[Sent] = field(default_factory=list)
    already_today: list[str] = field(default_factory=list)  # reminded today already


def reminder_due(cycle: ReportingCycle, today: datetime.date) -> bool:
    offset = (cycle.deadline - today).days
    if offset >= 0:
        return offset in settings.TSUNAGU_REMINDER_DAYS_BEFORE
    return -offset in settings.TSUNAGU_REMINDER_DAYS_AFTER


def mails(
    cycle: ReportingCycle, today: datetime.date, department_ids: list[int] | None = None
) -> list[Mail]:
    """The reminders of `cycle` today, one per department with reports not submitted (or
    only the given departments), addressed to the department's active staff with an
    e-mail address. A collective name (関係各課) is never among them."""
    pending = selectors.pending_by_department(cycle)
    if department_ids is not None:
        pending = {pk: reports for pk, reports in pending.items() if pk in set(department_ids)}
    if not pending:
        return []
    users = User.objects.filter(
        is_active=True,
        role=Role.DEPARTMENT,
        organization__department_id__in=list(pending),
        organization__local_government=cycle.local_government,
    ).exclude(email="")
    addresses: dict[int, list[str]] = {}
    for user in users.select_related("organization"):
        addresses.setdefault(user.organization.department_id, []).append(user.email)
    result = []
    for department_id, reports in pending.items():
        name = reports[0].department.full_name
        result.append(
            Mail(
                department_id=department_id,
                department_name=name,
                recipients=sorted(addresses.get(department_id, [])),
                reports=reports,
                subject=_subject(cycle, today),
                body=_body(cycle, name, reports, today),
            )
        )
    return result


def _send(cycle: ReportingCycle, mail: Mail, today: datetime.date, actor) -> bool:
    """Send one reminder (queued: it leaves when the transaction commits, retried if the mail
    server refuses), log it and audit it; False if the department was reminded for
    this cycle today already (at most one reminder a day, whoever sends it)."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                local_government=cycle.local_government,
                cycle=cycle,
                department_id=mail.department_id,
                sent_on=today,
                recipients=", ".join(mail.recipients),
                pending_count=len(mail.reports),
            )
            if mail.recipients:
                enqueue(
                    REMINDER_JOB,
                    local_government=cycle.local_government,
                    created_by=actor,
                    params={"reminder_log": log.pk},
                )
            audit.record(
                actor=actor,
                action="pdca.reminder_send",
                local_government=cycle.local_government,
                obj=cycle,
                changes={
                    "department": {"before": None, "after": mail.department_name},
                    "pending": {"before": None, "after": len(mail.reports)},
                    "recipients": {"before": None, "after": mail.recipients},
                    "sent_by": {"before": None, "after": "staff" if actor else "daily job"},
                },
            )
    except IntegrityError:
        return False
    return True


def send_reminders(today: datetime.date | None = None, *, dry_run: bool = False) -> list[Sent]:
    """Send today's reminders (the daily job). Safe to run more than once a day: a
    department gets at most one reminder per cycle per day (ReminderLog)."""
    today = today or timezone.localdate()
    sent: list[Sent] = []
    cycles = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).select_related(
        "plan", "local_government"
    )
    for cycle in cycles:
        if not reminder_due(cycle, today):
            continue
        for mail in mails(cycle, today):
            if dry_run or _send(cycle, mail, today, actor=None):
                sent.append(Sent(cycle, mail.department_name, mail.recipients, len(mail.reports)))
    return sent


def send_now(
    *, actor, cycle: ReportingCycle, department_ids: list[int], today: datetime.date | None = None
) -> Outcome:
    """The secretariat sends the reminders of `cycle` now to the chosen departments (any
    day, not only the daily job's days): the same mail, log and audit as the daily job."""
    if not access.can_manage_cycles(actor, cycle.local_government):
        raise PermissionDenied
    if cycle.status != ReportingCycle.Status.OPEN:
        raise ValidationError(_("締め切ったサイクルには督促メールを送れません。"))
    today = today or timezone.localdate()
    chosen = mails(cycle, today, department_ids)
    if not department_ids or not chosen:
        raise ValidationError(
            {"departments": _("督促メールを送る担当課を、未提出の担当課から選んでください。")}
        )
    outcome = Outcome()
    for mail in chosen:
        if _send(cycle, mail, today, actor):
            outcome.sent.append(
                Sent(cycle, mail.department_name, mail.recipients, len(mail.reports))
            )
        else:
            outcome.already_today.append(mail.department_name)
    return outcome


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
