"""What the consents pages show of a consent and of the case team: the state in words, the
scopes as organization × field groups, the team now with the overrides in force marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination import access
from coordination.models import Case, Consent, FieldGroup
from core.fields.choice_masks import from_mask

STATES = {
    "in_force": _("有効"),
    "withdrawn": _("撤回"),
    "expired": _("期限切れ"),
    "pending": _("承認待ち"),
    "not_yet": _("開始前"),
}
# An intake consent (本人同意 with no scopes) covers the lead organization only.
LEAD_ONLY = _("主担当の組織のみ（登録と支援）")


def group_labels(mask: int) -> list[str]:
    return [str(FieldGroup(group).label) for group in from_mask(FieldGroup, mask)]


def consent_state(consent: Consent, now=None) -> str:
    now = now or timezone.now()
    today = timezone.localdate(now)
    if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
        return "withdrawn"
    if consent.valid_until < today:
        return "expired"
    if consent.basis == Consent.Basis.PUBLIC_BODY and consent.approved_by_id is None:
        return "pending"
    if consent.valid_from > today:
        return "not_yet"
    return "in_force"


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    state: str
    state_label: str
    scopes: tuple[tuple[str, tuple[str, ...]], ...]  # (organization, group labels)
    lead_only: bool

    @property
    def is_open(self) -> bool:
        """Whether it may still be withdrawn."""
        return self.state != "withdrawn"


def consent_rows(consents) -> list[ConsentRow]:
    now = timezone.now()
    rows = []
    for consent in consents:
        scopes = tuple(
            (scope.organization.name, tuple(group_labels(scope.groups)))
            for scope in sorted(consent.scopes.all(), key=lambda s: s.organization.name)
        )
        state = consent_state(consent, now)
        rows.append(
            ConsentRow(
                consent=consent,
                state=state,
                state_label=str(STATES[state]),
                scopes=scopes,
                lead_only=not scopes and consent.basis == Consent.Basis.CONSENT,
            )
        )
    return rows


@dataclass(frozen=True)
class TeamRow:
    organization: Organization
    groups: tuple[str, ...]
    is_lead: bool
    by_override: bool  # joins (or sees more) only through an emergency override in force


def team_rows(case: Case) -> list[TeamRow]:
    now = timezone.now()
    team = access.case_team(case, now)
    by_consent: dict[int, int] = {case.lead_organization_id: access.ALL_GROUPS}
    for consent in access.consents_in_force(case, now):
        for scope in consent.scopes.all():
            by_consent[scope.organization_id] = (
                by_consent.get(scope.organization_id, 0) | scope.groups
            )
    organizations = Organization.objects.in_bulk(list(team))
    rows = [
        TeamRow(
            organization=organizations[org_id],
            groups=tuple(group_labels(mask)),
            is_lead=org_id == case.lead_organization_id,
            by_override=mask != by_consent.get(org_id, 0),
        )
        for org_id, mask in team.items()
        if org_id in organizations
    ]
    rows.sort(key=lambda row: (not row.is_lead, row.organization.name))
    return rows
