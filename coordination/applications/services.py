"""Applications (応募): a referral of a case to a 協力雇用主's open posting, which the person
chose to send (issue 15 §3, docs/support-coordination/referrals.md).

An application is a `Referral` with `posting` set, sent to the posting's employer's
organization (`employment.Employer.organization`), area 就労. It goes through the referral
flow: `referral_create` and `referral_send` check that a basis in force (the person's own
consent, which may name an employer only for 基本 and 連絡先) covers the employer for what is
sent, and `referral_transition` lets the employer answer it. The employer never opens the
case: it reads the application's groups here (`application_read`, logged on the case)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import access
from coordination.models import Case, Consent, FieldGroup, NeedArea, Person, Referral
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.services import READ_KIND, consent_give
from core import audit
from core.fields.choice_masks import bit, from_mask, to_mask
from core.roles import Role
from employment.access import employer_of, visible_seekers
from employment.models import JobPosting
from employment.selectors import PostingFilters, filter_postings, open_postings

BASIC = bit(FieldGroup, FieldGroup.BASIC)
APPLICATION_PURPOSE = "求人への応募"  # i18n-data: stored on the referral, like a user's text
CONSENT_DAYS = 365
# What the employer is shown of each group sent: the name to know who applies, the contact to
# reach them; never the case number, the birth date or the ward.
SHOWN_FIELDS = {FieldGroup.BASIC: ("name", "name_kana"), FieldGroup.CONTACT: ("contact",)}


def postings_to_apply(case: Case, q: str = "", *, today=None) -> QuerySet[JobPosting]:
    """The open postings of the case's body whose approved employer has an account to answer
    (employment.selectors.open_postings, the supporters' view), filtered by `q`, newest first."""
    postings = open_postings(case.local_government, today=today).filter(
        employer__organization__isnull=False,
        employer__organization__local_government_id=case.local_government_id,
    )
    return (
        filter_postings(postings, PostingFilters.from_mapping({"q": q}))
        .select_related("employer", "employer__organization")
        .order_by("-published_at", "-id")
    )


def covered_groups(case: Case, posting: JobPosting) -> int:
    """The mask of the groups a basis in force lets the case send to the posting's employer."""
    return (
        access.organization_groups(posting.employer.organization_id, case)
        & access.APPLICATION_GROUPS
    )


def _check_posting(case: Case, posting: JobPosting) -> None:
    if not postings_to_apply(case).filter(pk=posting.pk).exists():
        raise ValidationError(
            {
                "posting": _(
                    "この求人には応募できません（公開中の協力雇用主の求人から選んでください）。"
                )
            }
        )


def _application_consent(*, actor, case: Case, posting: JobPosting, mask: int, consent: dict):
    """The person's consent to send the application (本人同意, the employer for the groups)."""
    given_on = consent.get("given_on") or timezone.localdate()
    return consent_give(
        actor=actor,
        case=case,
        values={
            "purpose": _("求人への応募（%(employer)s「%(title)s」）")
            % {"employer": posting.employer.name, "title": posting.title},
            "basis": Consent.Basis.CONSENT,
            "given_on": given_on,
            "form": consent.get("form") or "",
            "valid_from": given_on,
            "valid_until": consent.get("valid_until")
            or given_on + datetime.timedelta(days=CONSENT_DAYS),
        },
        scopes={posting.employer.organization: from_mask(FieldGroup, mask)},
    )


@transaction.atomic
def application_create(
    *,
    actor,
    case: Case,
    posting: JobPosting,
    groups,
    note: str = "",
    consent: dict | None = None,
    send: bool = True,
) -> Referral:
    """An application of the case to `posting`, sent at once unless `send` is False. `groups`:
    基本 (required) and, if chosen, 連絡先, never another group whatever the consents say.
    `consent` ({given_on, form, valid_until}): the person's consent to send it, recorded first
    (by the lead: coordination.services.consent_give); without it a basis in force must
    already cover the employer for the groups (referral_create checks it)."""
    mask = to_mask(FieldGroup, groups)
    if not mask & BASIC:
        raise ValidationError({"groups": _("応募には基本（氏名）を送ります。")})
    if mask & ~access.APPLICATION_GROUPS:
        raise ValidationError({"groups": _("応募で企業に送れるのは基本と連絡先だけです。")})
    _check_posting(case, posting)
    organization = posting.employer.organization
    recorded = None
    if consent is not None:
        recorded = _application_consent(
            actor=actor, case=case, posting=posting, mask=mask, consent=consent
        )
    elif mask & ~covered_groups(case, posting):
        raise ValidationError(
            _("この企業に送る項目について、本人の同意の記録がありません。同意を記録してください。")
        )
    referral = referrals.referral_create(
        actor=actor,
        case=case,
        to_organization=organization,
        groups=from_mask(FieldGroup, mask),
        purpose=APPLICATION_PURPOSE,
        note=note,
        area=NeedArea.WORK,
        posting=posting,
    )
    audit.record(
        actor=actor,
        action="coordination.referral.application",
        local_government=case.local_government,
        obj=referral,
        changes={"posting": posting.pk, "consent": recorded.pk if recorded else None},
    )
    if send:
        referral = referrals.referral_send(actor=actor, referral=referral)
    return referral


# --- the employer's side -----------------------------------------------------------------------


def received_applications(user) -> QuerySet[Referral]:
    """The applications sent to the user's company (never a draft), newest first. Only for
    an employer account of an approved company (employment.access.employer_of: else 404)."""
    employer_of(user)
    return (
        Referral.objects.filter(
            local_government_id=user.local_government_id,
            to_organization_id=user.organization_id,
            posting__isnull=False,
        )
        .exclude(status=S.DRAFT)
        .select_related("posting", "from_organization")
        .order_by("-sent_at", "-id")
    )


def application_for(user, pk: int) -> Referral:
    """One application the user's company received, or 404 (another company's, a draft, or
    one no basis in force covers any more: a withdrawal closes it at once)."""
    referral = (
        received_applications(user).select_related("case", "case__local_government").filter(pk=pk)
    ).first()
    if referral is None or not referrals.receiver_covered(referral):
        raise Http404
    return referral


def application_groups(referral: Referral) -> list[str]:
    """The groups of the application the employer may read now: sent, covered, and allowed
    for an application."""
    covered = access.organization_groups(referral.to_organization_id, referral.case)
    return from_mask(FieldGroup, referral.groups & covered & access.APPLICATION_GROUPS)


def application_read(*, actor, referral: Referral, request=None) -> dict[str, dict]:
    """The person's values the employer is shown ({group: {field: value}}, SHOWN_FIELDS of
    the groups of `application_groups`), logged on the case (core.audit.sensitive_read, purpose
    "application") before they go out. Only a user of the receiving employer."""
    if (
        actor.role != Role.EMPLOYER
        or referrals.side_of(actor, referral) != referrals.RECEIVER
        or referral.posting_id is None
    ):
        raise PermissionDenied
    groups = application_groups(referral)
    if not groups:
        return {}
    case = referral.case
    with transaction.atomic():
        audit.sensitive_read(
            actor=actor,
            obj=case,
            local_government=case.local_government,
            kind=READ_KIND,
            fields=list(groups),
            purpose="application",
            request=request,
        )
    person = case.person
    return {
        group: {name: getattr(person, name) for name in SHOWN_FIELDS[group]} for group in groups
    }


def field_label(name: str) -> str:
    return str(Person._meta.get_field(name).verbose_name)


def hire_seeker(user, referral: Referral):
    """The job-seeker profile for which `user` may record a hire after this application: a
    completed, successful application, on a case linked to a profile that the user's
    organization supports (employment.access.visible_seekers); else None. Only offered:
    recording the hire is employment's own page."""
    if (
        referral.posting_id is None
        or referral.status != S.COMPLETED
        or referral.outcome != Referral.Outcome.SUCCESSFUL
        or referral.case.job_seeker_id is None
    ):
        return None
    return (
        visible_seekers(user, referral.case.local_government)
        .filter(pk=referral.case.job_seeker_id)
        .first()
    )
