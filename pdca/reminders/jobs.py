"""A reminder mail as a background job with retries (core.jobs; registered from
PdcaConfig.ready()). Params: the ReminderLog's id only; the mail is written when it is sent,
to the department's staff as they are then, about the reports still not submitted."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs.registry import JobKind, Output, register
from pdca.models import ReminderLog
from pdca.reminders.services import REMINDER_JOB, mails

KIND = REMINDER_JOB
MAX_ATTEMPTS = 5  # 1 + 4 retries: after 1, 2, 4 and 8 minutes
BACKOFF_SECONDS = 60


def send_reminder(job, progress) -> Output:
    log = ReminderLog.objects.select_related("cycle__plan", "cycle__local_government").get(
        pk=job.params["reminder_log"], local_government=job.local_government
    )
    [mail] = mails(log.cycle, log.sent_on, [log.department_id]) or [None]
    if mail is None or not mail.recipients:
        return Output(message=_("送る必要がなくなりました（提出済み、または宛先なし）。"))
    progress(50, _("送信しています。"))
    send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients)
    return Output(message=_("督促メールを送りました。"))


def register_kinds() -> None:
    register(
        JobKind(
            name=KIND,
            label=gettext_lazy("督促メールの送信"),
            run=send_reminder,
            max_attempts=MAX_ATTEMPTS,
            backoff_seconds=BACKOFF_SECONDS,
        )
    )
