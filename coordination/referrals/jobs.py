"""Referral notices as background jobs with retries (core.jobs; registered from
CoordinationConfig.ready()). Params: the referral's and the organization's ids and the
subject's key; the addresses are read when the mail is sent."""

from django.core import mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import Referral
from coordination.referrals.services import NOTICE_JOB, notice_messages
from core.jobs.registry import JobKind, Output, register

MAX_ATTEMPTS = 5  # 1 + 4 retries: after 1, 2, 4 and 8 minutes
BACKOFF_SECONDS = 60


def send_notice(job, progress) -> Output:
    referral = Referral.objects.get(
        pk=job.params["referral"], local_government=job.local_government
    )
    messages = notice_messages(job.params["organization"], referral, job.params["subject"])
    if not messages:
        return Output(message=_("宛先がありません。"))
    progress(50, _("送信しています。"))
    mail.get_connection().send_messages(messages)
    return Output(message=_("通知メールを送りました。"))


def register_kinds() -> None:
    register(
        JobKind(
            name=NOTICE_JOB,
            label=gettext_lazy("紹介の通知メールの送信"),
            run=send_notice,
            max_attempts=MAX_ATTEMPTS,
            backoff_seconds=BACKOFF_SECONDS,
        )
    )
