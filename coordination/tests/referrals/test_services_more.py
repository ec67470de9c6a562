"""Referral services (issue 15 §3): the moments kept with the status, the body's reasons, area
and release date, and the e-mail notifications that carry no personal data."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import ReferralReason, ReferralReasonOption, ReferralStatus
from coordination.referrals import services as referrals
from coordination.tests.factories import member
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory

S = ReferralStatus


def _draft(world, **kwargs):
    return referrals.referral_create(
        actor=world.lead_user,
        case=world.case,
        to_organization=world.other,
        groups=["basic"],
        **kwargs,
    )


def test_the_moments_are_kept_with_the_status(world):
    referral = _draft(world, area="housing", release_date=datetime.date(2027, 1, 10))
    assert (referral.area, referral.release_date) == ("housing", datetime.date(2027, 1, 10))
    assert referral.sent_at is referral.answered_at is referral.finished_at is None
    sent = timezone.now() - datetime.timedelta(days=3)
    referrals.referral_send(actor=world.lead_user, referral=referral, now=sent)
    referral.refresh_from_db()
    assert referral.sent_at == sent and referral.answered_at is None
    answered = sent + datetime.timedelta(days=1)
    referrals.referral_transition(
        actor=world.other_user, referral=referral, to_status=S.ACCEPTED, now=answered
    )
    referral.refresh_from_db()
    assert referral.answered_at == answered and referral.finished_at is None
    finished = answered + datetime.timedelta(days=1)
    referrals.referral_transition(
        actor=world.other_user,
        referral=referral,
        to_status=S.COMPLETED,
        outcome="successful",
        now=finished,
    )
    referral.refresh_from_db()
    assert (referral.sent_at, referral.answered_at, referral.finished_at) == (
        sent,
        answered,
        finished,
    )


def test_a_cancellation_and_a_rejection_keep_their_moments(world):
    cancelled = _draft(world)
    referrals.referral_transition(actor=world.lead_user, referral=cancelled, to_status=S.CANCELLED)
    cancelled.refresh_from_db()
    assert cancelled.finished_at is not None and cancelled.sent_at is None
    rejected = _draft(world)
    referrals.referral_send(actor=world.lead_user, referral=rejected)
    referrals.referral_transition(
        actor=world.other_user,
        referral=rejected,
        to_status=S.REJECTED,
        reason=ReferralReason.NOT_ELIGIBLE,
    )
    rejected.refresh_from_db()
    assert rejected.answered_at is not None and rejected.finished_at is None


def test_an_unknown_area_is_refused(world):
    with pytest.raises(ValidationError):
        _draft(world, area="moon")


def test_the_reasons_are_the_built_in_ones_and_the_bodys_active_ones(world):
    ReferralReasonOption.objects.create(
        local_government=world.body, code="waiting", label="空き待ち（架空）"
    )
    ReferralReasonOption.objects.create(
        local_government=world.body, code="old", label="古い理由", is_active=False
    )
    other_body = LocalGovernmentFactory()
    ReferralReasonOption.objects.create(local_government=other_body, code="theirs", label="他")
    codes = [code for code, _label in referrals.reason_choices(world.body)]
    assert "waiting" in codes and "no_capacity" in codes
    assert "old" not in codes and "theirs" not in codes
    assert ReferralReason.CONSENT_WITHDRAWN not in codes  # only the system sets it
    assert codes[-1] == ReferralReason.OTHER
    assert referrals.reason_labels(world.body)["old"] == "古い理由"


@pytest.mark.parametrize(("reason", "ok"), [("waiting", True), ("old", False), ("theirs", False)])
def test_a_rejection_takes_only_a_reason_of_the_body(world, reason, ok):
    ReferralReasonOption.objects.create(local_government=world.body, code="waiting", label="空き")
    ReferralReasonOption.objects.create(
        local_government=world.body, code="old", label="古い", is_active=False
    )
    referral = _draft(world)
    referrals.referral_send(actor=world.lead_user, referral=referral)
    if not ok:
        with pytest.raises(ValidationError):
            referrals.referral_transition(
                actor=world.other_user, referral=referral, to_status=S.REJECTED, reason=reason
            )
        referral.refresh_from_db()
        assert referral.status == S.REQUESTED
        return
    referrals.referral_transition(
        actor=world.other_user, referral=referral, to_status=S.REJECTED, reason=reason
    )
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (S.REJECTED, "waiting")


def test_a_reason_given_with_an_acceptance_is_not_kept(world):
    referral = _draft(world)
    referrals.referral_send(actor=world.lead_user, referral=referral)
    referrals.referral_transition(
        actor=world.other_user, referral=referral, to_status=S.ACCEPTED, reason="no_capacity"
    )
    referral.refresh_from_db()
    assert referral.reason == ""


# --- notifications ---------------------------------------------------------------------------


def _mailbox_text():
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)


def _personal(world, referral):
    person = world.case.person
    values = [person.name, person.name_kana, person.case_number, referral.purpose, referral.note]
    return [value for value in values if value]


def test_sending_mails_the_receivers_case_workers_after_the_commit(
    world, django_capture_on_commit_callbacks
):
    receiver = member(world.other, Role.PARTNER, email="receiver@example.jp")
    member(world.other, Role.PARTNER, email="gone@example.jp", is_active=False)
    member(world.other, Role.PARTNER, email="")
    member(world.lead, Role.PARTNER, email="lead@example.jp")
    referral = _draft(world, purpose="架空の目的", note="架空のメモ")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referrals.referral_send(actor=world.lead_user, referral=referral)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[receiver.email]]
    message = mail.outbox[0]
    assert "新しい紹介があります" in message.subject
    assert f"/staff/support/referrals/{referral.pk}/" in message.body
    text = _mailbox_text()
    for value in _personal(world, referral):
        assert value not in text


def test_the_receivers_changes_mail_the_sender(world, django_capture_on_commit_callbacks):
    sender = member(world.lead, Role.PARTNER, email="sender@example.jp")
    member(world.other, Role.PARTNER, email="receiver@example.jp")
    referral = _draft(world, note="架空のメモ")
    referrals.referral_send(actor=world.lead_user, referral=referral)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_transition(
            actor=world.other_user,
            referral=referral,
            to_status=S.REJECTED,
            reason="no_capacity",
            note="架空の断りメモ",
        )
    assert [m.to for m in mail.outbox] == [[sender.email]]
    assert "紹介の状態が変わりました" in mail.outbox[0].subject
    text = _mailbox_text()
    for value in [*_personal(world, referral), "架空の断りメモ", "受け入れ枠"]:
        assert value not in text


def test_a_failed_change_mails_nobody(world, django_capture_on_commit_callbacks):
    member(world.lead, Role.PARTNER, email="sender@example.jp")
    referral = _draft(world)
    referrals.referral_send(actor=world.lead_user, referral=referral)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        referrals.referral_transition(
            actor=world.other_user, referral=referral, to_status=S.REJECTED
        )
    assert mail.outbox == []


def test_the_bodys_reasons_are_added_and_deactivated_with_audit(world):
    secretariat = member(world.lead, Role.SECRETARIAT)
    option = referrals.reason_add(
        actor=secretariat, local_government=world.body, code="waiting", label="空き待ち"
    )
    assert_audited(
        action="coordination.referral_reason.create",
        actor=secretariat,
        obj=option,
        changes={"code": "waiting", "label": "空き待ち"},
    )
    with pytest.raises(ValidationError):
        referrals.reason_add(
            actor=secretariat, local_government=world.body, code="waiting", label="二つ目"
        )
    with pytest.raises(ValidationError):
        referrals.reason_add(
            actor=secretariat, local_government=world.body, code="no_capacity", label="同じ"
        )
    referrals.reason_set_active(actor=secretariat, option=option, active=False)
    option.refresh_from_db()
    assert not option.is_active
    assert_audited(
        action="coordination.referral_reason.update",
        actor=secretariat,
        obj=option,
        changes={"is_active": {"before": True, "after": False}},
    )


def test_the_senders_cancellation_of_a_sent_referral_mails_the_receiver(
    world, django_capture_on_commit_callbacks
):
    receiver = member(world.other, Role.PARTNER, email="receiver@example.jp")
    draft = _draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_transition(actor=world.lead_user, referral=draft, to_status=S.CANCELLED)
    assert mail.outbox == []  # a draft the receiver never saw
    referral = _draft(world)
    referrals.referral_send(actor=world.lead_user, referral=referral)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_transition(
            actor=world.lead_user, referral=referral, to_status=S.CANCELLED
        )
    assert [m.to for m in mail.outbox] == [[receiver.email]]
    assert "紹介の状態が変わりました" in mail.outbox[0].subject
