"""Flags of support coordination's referrals part for the staff home (coordination.home):
received referrals waiting for an answer, sent referrals with no answer for more than
TSUNAGU_REFERRAL_ANSWER_DAYS days, and for the secretariat every overdue referral of the
body. Counts only (one query each), never a personal value."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.home import Flag
from coordination.referrals import queries
from coordination.referrals.services import answer_days
from core.roles import Role


def home_flags(user) -> list:
    if not user.organization_id and user.role != Role.SECRETARIAT:
        return []
    inbox = reverse("referrals:inbox")
    outbox = reverse("referrals:outbox")
    days = answer_days()
    flags = []
    if user.organization_id:
        waiting = queries.received(user).filter(queries.action_q(queries.INBOX)).count()
        overdue_sent = queries.sent(user).filter(queries.overdue_q()).count()
        flags += [
            Flag(_("回答を待っている、受け取った紹介"), waiting, f"{inbox}?action=on"),
            Flag(
                _("%(days)d日を過ぎても回答のない、送った紹介") % {"days": days},
                overdue_sent,
                f"{outbox}?overdue=on",
                urgent=True,
            ),
        ]
    if user.role == Role.SECRETARIAT:
        body = queries.of_body(user.local_government_id).filter(queries.overdue_q()).count()
        flags.append(
            Flag(
                _("%(days)d日を過ぎても回答のない紹介（団体全体）") % {"days": days},
                body,
                reverse("referrals:dashboard"),
                urgent=True,
            )
        )
    return flags
