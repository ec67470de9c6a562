"""Services of the cases part: the caseload list, editing the person, handing the lead to
another organization, and the 開示請求 report's read log. Each write runs in one transaction and
is audited with field names, ids and organizations only, never a personal value."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from coordination import access
from coordination.models import Case, CaseTransfer, FieldGroup, Person
from coordination.services import NEVER_IN_TEAM, PERSON_FIELDS
from core import audit
from core.fields.choice_masks import bit
from core.models import AuditEntry
from employment import access as employment_access

# The fields the edit form changes (is_fictional is set by the seed only).
EDITABLE_FIELDS = tuple(name for name in PERSON_FIELDS if name != "is_fictional")
SORTS = {
    "opened": ("opened_on", "pk"),
    "-opened": ("-opened_on", "-pk"),
    "number": ("person__case_number", "pk"),
    "-number": ("-person__case_number", "-pk"),
}
DEFAULT_SORT = "-opened"


def caseload(user, *, status: str = "", lead_only: bool = False, number: str = "", sort=""):
    """The cases whose team includes the user's organization, filtered and sorted in the
    database on what is not encrypted (status, lead, case number, opened date)."""
    cases = Case.objects.filter(
        access.team_cases_q(user.organization_id), local_government_id=user.local_government_id
    ).select_related("person", "lead_organization")
    if status:
        cases = cases.filter(status=status)
    if lead_only:
        cases = cases.filter(lead_organization_id=user.organization_id)
    if number:
        cases = cases.filter(person__case_number__icontains=number)
    return cases.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def _check_lead(actor, case: Case) -> None:
    if not access.is_lead(actor, case):
        raise PermissionDenied


@transaction.atomic
def person_update(*, actor, case: Case, values: dict) -> Person:
    """Change the person's fields (lead only). The audit names the fields changed, never
    their values; saving recomputes the duplicate key (Person.save)."""
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    _check_lead(actor, case)
    person = Person.objects.select_for_update().get(pk=case.person_id)
    changed = []
    for name in EDITABLE_FIELDS:
        if name in values and values[name] != getattr(person, name):
            setattr(person, name, values[name])
            changed.append(name)
    person.full_clean(exclude=["case_number", "match_key", "created_by"])
    if changed:
        person.save()
        audit.record(
            actor=actor,
            action="coordination.person.update",
            local_government=case.local_government,
            obj=person,
            changes={"fields": sorted(changed), "case": str(case)},
        )
    return person


def transfer_targets(case: Case, now=None) -> list[Organization]:
    """The organizations that may take the lead: in the case team with at least the basic
    group, of the case's body, able to lead (not a volunteer group, employer or housing
    provider), not the lead itself."""
    team = access.case_team(case, now)
    basic = bit(FieldGroup, FieldGroup.BASIC)
    ids = [pk for pk, mask in team.items() if mask & basic and pk != case.lead_organization_id]
    return list(
        Organization.objects.filter(pk__in=ids, local_government_id=case.local_government_id)
        .exclude(kind__in=[*NEVER_IN_TEAM, Organization.Kind.VOLUNTEER_GROUP])
        .order_by("name")
    )


def covering_consent(case: Case, organization: Organization, now=None):
    """The basis in force that covers `organization` with the basic group (the one valid the
    longest), or None."""
    basic = bit(FieldGroup, FieldGroup.BASIC)
    covering = [
        consent
        for consent in access.consents_in_force(case, now)
        if any(
            scope.organization_id == organization.pk and scope.groups & basic
            for scope in consent.scopes.all()
        )
    ]
    return max(covering, key=lambda consent: (consent.valid_until, consent.pk), default=None)


@transaction.atomic
def case_transfer(*, actor, case: Case, to_organization: Organization, note: str = ""):
    """Hand the lead of an open case to another organization that a basis in force covers
    (with the basic group). Afterwards the old lead sees only what a basis gives it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_lead(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("終結したケースは引き継げません。"))
    if to_organization not in transfer_targets(case):
        raise ValidationError(
            {"to_organization": _("同意などの根拠で基本の項目を共有している組織を選んでください。")}
        )
    consent = covering_consent(case, to_organization)
    if consent is None:  # pragma: no cover - transfer_targets asked the same bases
        raise ValidationError(_("引継ぎ先を対象とする有効な同意がありません。"))
    transfer = CaseTransfer.objects.create(
        local_government=case.local_government,
        case=case,
        from_organization_id=case.lead_organization_id,
        to_organization=to_organization,
        consent=consent,
        note=note.strip(),
        transferred_by=actor,
        transferred_at=timezone.now(),
    )
    before = str(case.lead_organization)
    case.lead_organization = to_organization
    case.save(update_fields=["lead_organization"])
    audit.record(
        actor=actor,
        action="coordination.case.transfer",
        local_government=case.local_government,
        obj=case,
        changes={
            "lead_organization": {"before": before, "after": str(to_organization)},
            "consent": consent.pk,
            "transfer": transfer.pk,
        },
    )
    return transfer


def read_log(case: Case):
    """The sensitive reads of the case, oldest first, with the reader and their organization
    (for the 開示請求 report): built from the audit only."""
    return (
        AuditEntry.objects.filter(
            action__in=AuditEntry.SENSITIVE_READ_ACTIONS,
            object_type=Case._meta.label_lower,
            object_id=str(case.pk),
            local_government_id=case.local_government_id,
        )
        .select_related("actor__organization")
        .order_by("created_at", "pk")
    )


def read_log_rows(case: Case) -> list[dict]:
    """The read log as rows: when, who, which organization, which groups, for what."""
    labels = dict(FieldGroup.choices)
    rows = []
    for entry in read_log(case):
        changes = entry.changes or {}
        actor = entry.actor
        rows.append(
            {
                "at": entry.created_at,
                "who": (actor.display_name or actor.get_username()) if actor else entry.actor_label,
                "organization": actor.organization if actor and actor.organization_id else None,
                "groups": [str(labels.get(name, name)) for name in changes.get("fields", [])],
                "purpose": changes.get("purpose", ""),
                "reason": changes.get("reason", ""),
                "kind": changes.get("kind", ""),
            }
        )
    return rows


def linkable_seekers(actor, case: Case):
    """The job-seeker profiles the actor's organization supports that no other case links."""
    return (
        employment_access.visible_seekers(actor, case.local_government)
        .filter(Q(support_case__isnull=True) | Q(support_case=case))
        .order_by("code")
    )


@transaction.atomic
def case_link_job_seeker(*, actor, case: Case, seeker, consent_confirmed: bool = False):
    """Link the case to a job-seeker profile of the actor's organization (or unlink it with
    `seeker=None`). Linking needs the person's consent, confirmed by the lead: the matching and
    the hires then show on the case."""
    case = Case.objects.select_for_update().select_related("local_government").get(pk=case.pk)
    _check_lead(actor, case)
    if seeker is not None:
        if not consent_confirmed:
            raise ValidationError(
                {"confirm": _("本人の同意を得たことを確認してから、つないでください。")}
            )
        if not linkable_seekers(actor, case).filter(pk=seeker.pk).exists():
            raise ValidationError(
                {
                    "seeker": _(
                        "あなたの組織が支援していて、ほかのケースとつながっていない求職者を選んでください。"
                    )
                }
            )
    before = case.job_seeker_id
    if before == (seeker.pk if seeker is not None else None):
        return case
    case.job_seeker = seeker
    case.save(update_fields=["job_seeker"])
    audit.record(
        actor=actor,
        action="coordination.case.link_job_seeker"
        if seeker
        else "coordination.case.unlink_job_seeker",
        local_government=case.local_government,
        obj=case,
        changes={"job_seeker": {"before": before, "after": case.job_seeker_id}},
    )
    return case
