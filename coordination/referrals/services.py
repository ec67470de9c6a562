"""Referrals (つなぎ): create, send and move through the HL7 FHIR SDOH Task statuses, each change
kept as a ReferralEvent and audited (docs/support-coordination.md).

Who may do what is the `TRANSITIONS` table: each allowed (from, to) pair names the side that
may make it, the sender (a user of `from_organization`) or the receiver (a user of
`to_organization`). The receiver acts only while a basis in force covers its organization; the
sender's organization is never the receiver, so the sender cannot accept its own referral."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organization
from coordination import access
from coordination.models import (
    GROUP_FIELDS,
    Case,
    FieldGroup,
    NeedArea,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralReasonOption,
)
from coordination.models import ReferralStatus as S
from coordination.support.services import outcome_from_housing_referral
from core import audit
from core.fields.choice_masks import bit, from_mask, to_mask
from core.jobs.services import enqueue
from core.roles import Role

SENDER = "sender"
RECEIVER = "receiver"
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.REQUESTED): SENDER,
    (S.DRAFT, S.CANCELLED): SENDER,
    (S.REQUESTED, S.ACCEPTED): RECEIVER,
    (S.REQUESTED, S.REJECTED): RECEIVER,
    (S.REQUESTED, S.CANCELLED): SENDER,
    (S.ACCEPTED, S.IN_PROGRESS): RECEIVER,
    (S.ACCEPTED, S.ON_HOLD): RECEIVER,
    (S.ACCEPTED, S.COMPLETED): RECEIVER,
    (S.ACCEPTED, S.FAILED): RECEIVER,
    (S.ACCEPTED, S.CANCELLED): SENDER,
    (S.IN_PROGRESS, S.ON_HOLD): RECEIVER,
    (S.IN_PROGRESS, S.COMPLETED): RECEIVER,
    (S.IN_PROGRESS, S.FAILED): RECEIVER,
    (S.IN_PROGRESS, S.CANCELLED): SENDER,
    (S.ON_HOLD, S.IN_PROGRESS): RECEIVER,
    (S.ON_HOLD, S.FAILED): RECEIVER,
    (S.ON_HOLD, S.CANCELLED): SENDER,
}
# A mistake can be marked from any status but itself, by the sender.
for _status in S.values:
    if _status != S.ENTERED_IN_ERROR:
        TRANSITIONS[(_status, S.ENTERED_IN_ERROR)] = SENDER
OPEN_STATUSES = frozenset({S.DRAFT, S.REQUESTED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD})
NEEDS_REASON = frozenset({S.REJECTED, S.FAILED})
LEGAL = bit(FieldGroup, FieldGroup.LEGAL)
AUDITED_FIELDS = ("status", "reason", "outcome")
# The moment each status change is kept on the referral (for the dashboards and the flags).
SENT = frozenset({S.REQUESTED})
ANSWERED = frozenset({S.ACCEPTED, S.REJECTED})
FINISHED = frozenset({S.COMPLETED, S.FAILED, S.CANCELLED, S.ENTERED_IN_ERROR})
# The kind of a sensitive read of a case: coordination.services.READ_KIND (that module imports
# this one, so the value is repeated here; a test checks they agree).
READ_KIND = "support_case"
# Set by the system only (cancel_uncovered), never chosen by a user.
SYSTEM_REASONS = frozenset({ReferralReason.CONSENT_WITHDRAWN})


def reason_choices(local_government) -> list[tuple[str, str]]:
    """The reasons a user may choose (rejection, failure, an unsuccessful outcome): the
    built-in ones (but those only the system sets) and the body's active added ones."""
    built_in = [
        (value, label)
        for value, label in ReferralReason.choices
        if value not in SYSTEM_REASONS and value != ReferralReason.OTHER
    ]
    added = ReferralReasonOption.objects.filter(
        local_government=local_government, is_active=True
    ).values_list("code", "label")
    return [*built_in, *added, (ReferralReason.OTHER, ReferralReason.OTHER.label)]


def reason_labels(local_government) -> dict[str, str]:
    """{code: label} of every reason a referral of the body may carry (inactive ones too)."""
    labels = dict(ReferralReason.choices)
    labels.update(
        ReferralReasonOption.objects.filter(local_government=local_government).values_list(
            "code", "label"
        )
    )
    return labels


def answer_days() -> int:
    return settings.TSUNAGU_REFERRAL_ANSWER_DAYS


def overdue_before(now=None):
    """A requested referral sent before this moment is overdue."""
    return (now or timezone.now()) - datetime.timedelta(days=answer_days())


def is_overdue(referral: Referral, now=None) -> bool:
    return (
        referral.status == S.REQUESTED
        and referral.sent_at is not None
        and referral.sent_at < overdue_before(now)
    )


def _side(actor, referral: Referral) -> str | None:
    if not getattr(actor, "is_authenticated", False) or not actor.organization_id:
        return None
    if actor.local_government_id != referral.local_government_id:
        return None
    if actor.organization_id == referral.from_organization_id:
        return SENDER
    if actor.organization_id == referral.to_organization_id:
        return RECEIVER
    return None


def _receiver_covered(referral: Referral, now=None) -> bool:
    """Whether a basis in force covers the receiver for every group the referral sends."""
    mask = access.organization_groups(referral.to_organization_id, referral.case, now)
    return referral.groups & ~mask == 0


def _receiver_may_act(actor, referral: Referral, now=None) -> bool:
    """A receiver's user may answer: a case worker who sees the case, a housing provider for a
    housing referral (access.may_answer), or, for an application
    to a posting (coordination.applications), a user of the employer, who never sees the case
    but answers the application it received. Both only while a basis covers the receiver."""
    if referral.posting_id is not None and actor.role == Role.EMPLOYER:
        return _receiver_covered(referral, now)
    return access.may_answer(actor, referral, now) and _receiver_covered(referral, now)


def _check_groups(case: Case, sender_mask: int, to_organization, groups, purpose: str) -> int:
    mask = to_mask(FieldGroup, groups)
    if not mask:
        raise ValidationError(_("送る項目を一つ以上選んでください。"))
    if mask & ~sender_mask:
        raise PermissionDenied  # the sender cannot send what it does not see
    covered = access.organization_groups(to_organization.pk, case)
    if mask & ~covered:
        raise ValidationError(_("紹介先に共有の根拠（同意など）がない項目は送れません。"))
    if mask & LEGAL and not purpose.strip():
        raise ValidationError(_("法的地位・犯歴を送るときは、その目的を書いてください。"))
    return mask


def _record(actor, referral: Referral, action: str, before: dict, note: str = "") -> None:
    after = audit.snapshot(referral, AUDITED_FIELDS)
    audit.record(
        actor=actor,
        action=action,
        local_government=referral.local_government,
        obj=referral,
        changes=audit.diff(before, after) | ({"note_given": True} if note else {}),
    )


@transaction.atomic
def referral_create(
    *,
    actor,
    case: Case,
    to_organization,
    groups,
    purpose: str = "",
    service=None,
    note="",
    area: str = "",
    release_date=None,
    home=None,
    posting=None,
) -> Referral:
    """A draft referral from the actor's organization. `groups` must be among those the
    sender sees and those a basis in force shares with the receiver; the legal group needs
    a purpose. `area`: the NeedArea it answers; `release_date`: the release date of a
    referral before release (特別調整). `home`: a housing referral (住居) about this
    safety-net home, to its provider's organization; a housing provider receives no other.
    `posting`: the job posting of an application (coordination.applications.services.
    application_create checks it)."""
    sender_mask = access.visible_mask(actor, case)
    if not sender_mask:
        raise PermissionDenied
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("終結したケースからは紹介できません。"))
    if to_organization.pk == actor.organization_id:
        raise ValidationError(_("自分の組織には紹介できません。"))
    if service is not None and service.local_government_id != case.local_government_id:
        raise ValidationError(_("別の地方公共団体のサービスは選べません。"))
    if area and area not in NeedArea.values:
        raise ValidationError(_("分野を選び直してください。"))
    if to_organization.local_government_id != case.local_government_id:
        raise ValidationError(_("別の地方公共団体の組織には紹介できません。"))
    area = _check_home(case, to_organization, home, area)
    mask = _check_groups(case, sender_mask, to_organization, groups, purpose)
    referral = Referral(
        local_government=case.local_government,
        case=case,
        from_organization_id=actor.organization_id,
        to_organization=to_organization,
        service=service,
        area=area,
        release_date=release_date,
        home=home,
        posting=posting,
        groups=mask,
        purpose=purpose.strip(),
        note=note.strip(),
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(referral=referral, to_status=S.DRAFT, actor=actor)
    _record(actor, referral, "coordination.referral.create", {})
    audit.record(
        actor=actor,
        action="coordination.referral.groups",
        local_government=referral.local_government,
        obj=referral,
        changes={
            "to_organization": str(to_organization),
            "groups": from_mask(FieldGroup, mask),
            "purpose_given": bool(referral.purpose),
        }
        | ({"home": home.pk} if home is not None else {}),
    )
    return referral


def _check_home(case: Case, to_organization, home, area: str) -> str:
    """The area of a housing referral (住居), or ValidationError: a home of another body, not
    listed, or not the receiver's; a housing provider without a home."""
    if home is None:
        if to_organization.kind == Organization.Kind.HOUSING_PROVIDER:
            raise ValidationError(
                _("住宅確保支援事業者への紹介は、住宅をさがして、その住宅について送ります。")
            )
        return area
    if home.local_government_id != case.local_government_id or not home.is_active:
        raise ValidationError(_("この住宅は紹介できません（掲載されていません）。"))
    if home.provider.organization_id != to_organization.pk:
        raise ValidationError(_("住宅についての紹介は、その住宅の事業者に送ります。"))
    if area and area != NeedArea.HOUSING:
        raise ValidationError(_("住宅についての紹介の分野は「住居」です。"))
    return NeedArea.HOUSING


@transaction.atomic
def referral_transition(
    *,
    actor,
    referral: Referral,
    to_status: str,
    reason: str = "",
    outcome: str = "",
    note: str = "",
    now=None,
) -> Referral:
    """Move a referral to `to_status` if TRANSITIONS allows it for the actor's side."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    side = _side(actor, referral)
    needed = TRANSITIONS.get((referral.status, to_status))
    if side is None or needed is None or side != needed:
        raise PermissionDenied
    # A user of the sender is always the SENDER side (checked first), so the sender never
    # makes a receiver's move such as accepting, even on a referral to its own organization.
    if side == RECEIVER and not _receiver_may_act(actor, referral, now):
        raise PermissionDenied
    if to_status == S.REQUESTED and not _receiver_covered(referral, now):
        raise ValidationError(_("紹介先に共有の根拠（同意など）がないため送れません。"))
    if to_status != S.COMPLETED:
        outcome = ""
    wants_reason = to_status in NEEDS_REASON or outcome == Referral.Outcome.UNSUCCESSFUL
    reason = reason if wants_reason else ""
    allowed_reasons = {code for code, _label in reason_choices(referral.local_government)}
    if to_status == S.COMPLETED and outcome not in Referral.Outcome.values:
        raise ValidationError(_("結果を選んでください。"))
    if wants_reason and reason not in allowed_reasons:
        raise ValidationError(
            _("支援につながらなかった理由を選んでください。")
            if to_status == S.COMPLETED
            else _("理由を選んでください。")
        )
    from_status = referral.status
    moved = _move(actor, referral, to_status, reason=reason, outcome=outcome, note=note, now=now)
    if moved.home_id is not None and outcome == Referral.Outcome.SUCCESSFUL:
        # a home found: the case's outcome, in this transaction; the home's vacancies stay
        # as the provider keeps them (its listing is its own)
        outcome_from_housing_referral(actor=actor, referral=moved, now=now)
    if to_status == S.REQUESTED:
        subject = "application" if referral.posting_id else "referral"
        _notify(referral.to_organization_id, referral, subject)
    elif side == RECEIVER:
        _notify(referral.from_organization_id, referral, "changed")
    elif from_status != S.DRAFT:  # the sender withdrew what the receiver had been sent
        _notify(referral.to_organization_id, referral, "changed")
    return moved


# The notice goes out through the queue, with retries (coordination/referrals/jobs.py).
NOTICE_JOB = "coordination.referral_notice"
# the notices' subjects, by key: a job's params name the key, not the text
NOTICE_SUBJECTS = {
    "application": gettext_lazy("新しい応募があります"),
    "referral": gettext_lazy("新しい紹介があります"),
    "changed": gettext_lazy("紹介の状態が変わりました"),
}


def _notify(organization_id: int, referral: Referral, subject_key: str) -> None:
    """E-mail the organization's active case workers once the transaction commits, through a
    background job with retries (notice_messages writes them); no job when nobody is there
    to tell."""
    if not _notice_recipients(organization_id, referral).exists():
        return
    enqueue(
        NOTICE_JOB,
        local_government=referral.local_government,
        params={
            "referral": referral.pk,
            "organization": organization_id,
            "subject": subject_key,
        },
    )


def _notice_recipients(organization_id: int, referral: Referral):
    to_employer = referral.posting_id is not None and organization_id == referral.to_organization_id
    return (
        get_user_model()
        .objects.filter(
            organization_id=organization_id,
            organization__local_government_id=referral.local_government_id,
            is_active=True,
            role__in=(Role.EMPLOYER,) if to_employer else access.RECEIVING_ROLES,
        )
        .exclude(email="")
    )


def notice_messages(organization_id: int, referral: Referral, subject_key: str) -> list:
    """The notices to the organization's active case workers (an employer's users for an
    application it received): the subject and a link to the referral page (the
    application's) only, never a personal value."""
    subject = str(NOTICE_SUBJECTS[subject_key])
    to_employer = referral.posting_id is not None and organization_id == referral.to_organization_id
    recipients = list(_notice_recipients(organization_id, referral).values_list("email", flat=True))
    page = "applications:detail" if to_employer else "referrals:detail"
    link = settings.TSUNAGU_SITE_URL.rstrip("/") + reverse(page, kwargs={"pk": referral.pk})
    body = "\n".join(
        [
            subject,
            "",
            _("内容はログインして次のページで確認してください。"),
            link,
            "",
            _("このメールには個人情報を含めていません。"),
        ]
    )
    return [
        mail.EmailMessage(f"[Tsunagu] {subject}", body, None, [address]) for address in recipients
    ]


def _move(actor, referral, to_status, *, reason="", outcome="", note="", now=None):
    before = audit.snapshot(referral, AUDITED_FIELDS)
    from_status = referral.status
    referral.status = to_status
    if reason:
        referral.reason = reason
    if outcome:
        referral.outcome = outcome
    at = now or timezone.now()
    fields = ["status", "reason", "outcome", "updated_at"]
    for moments, field in ((SENT, "sent_at"), (ANSWERED, "answered_at"), (FINISHED, "finished_at")):
        if to_status in moments:
            setattr(referral, field, at)
            fields.append(field)
    referral.save(update_fields=fields)
    ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note.strip(),
        at=at,
    )
    _record(actor, referral, "coordination.referral.status", before, note)
    return referral


def referral_send(*, actor, referral: Referral, note: str = "", now=None) -> Referral:
    """Send a draft (draft → requested): only with a basis covering the receiver."""
    return referral_transition(
        actor=actor, referral=referral, to_status=S.REQUESTED, note=note, now=now
    )


def cancel_uncovered(*, actor, case: Case, now=None) -> list[Referral]:
    """Cancel the case's open referrals whose receiver no basis in force covers any more for
    what they send (after a withdrawal); call inside the withdrawal's transaction."""
    cancelled = []
    referrals = Referral.objects.select_for_update().filter(case=case, status__in=OPEN_STATUSES)
    for referral in referrals:
        if not _receiver_covered(referral, now):
            _move(
                actor,
                referral,
                S.CANCELLED,
                reason=ReferralReason.CONSENT_WITHDRAWN,
                note=_("同意の撤回により自動で取り消しました。"),
                now=now,
            )
            cancelled.append(referral)
    return cancelled


def referral_read(*, actor, referral: Referral, groups, request=None) -> dict:
    """The person's values of `groups` of what the referral sent, for a user of its receiving
    organization: a group it may not see now (access.received_mask) is refused, and the read
    is logged (kind support_case, purpose "referral") before the values go out. Returns
    {group: {field: value}}. A housing provider reads this way without ever opening the case."""
    groups = [FieldGroup(group) for group in groups]
    allowed = from_mask(FieldGroup, access.received_mask(actor, referral))
    if not groups or not set(groups) <= set(allowed):
        raise PermissionDenied
    case = referral.case
    with transaction.atomic():
        audit.sensitive_read(
            actor=actor,
            obj=case,
            local_government=case.local_government,
            kind=READ_KIND,
            fields=[str(group) for group in groups],
            purpose="referral",
            request=request,
        )
    person = case.person
    return {
        str(group): {name: getattr(person, name) for name in GROUP_FIELDS[group]}
        for group in groups
    }


def side_of(actor, referral: Referral) -> str | None:
    """SENDER, RECEIVER or None: which side of the referral the actor works for."""
    return _side(actor, referral)


def receiver_covered(referral: Referral, now=None) -> bool:
    """Whether a basis in force still covers the receiver for every group sent."""
    return _receiver_covered(referral, now)


@transaction.atomic
def reason_add(*, actor, local_government, code: str, label: str) -> ReferralReasonOption:
    """A reason the body adds (the secretariat)."""
    if code in ReferralReason.values:
        raise ValidationError({"code": _("このコードは組み込みの理由で使われています。")})
    if ReferralReasonOption.objects.filter(local_government=local_government, code=code).exists():
        raise ValidationError({"code": _("このコードはすでにあります。")})
    option = ReferralReasonOption(local_government=local_government, code=code, label=label)
    option.full_clean()
    option.save()
    audit.record(
        actor=actor,
        action="coordination.referral_reason.create",
        local_government=local_government,
        obj=option,
        changes={"code": code, "label": label},
    )
    return option


@transaction.atomic
def reason_set_active(*, actor, option: ReferralReasonOption, active: bool) -> None:
    """(De)activate a body's reason: referrals that carry it keep it."""
    before = audit.snapshot(option, ("is_active",))
    option.is_active = active
    option.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="coordination.referral_reason.update",
        local_government=option.local_government,
        obj=option,
        changes=audit.diff(before, audit.snapshot(option, ("is_active",))),
    )
