"""A case's job-seeker profile made from the case (求職者として登録する): the employment app's
profile (employment.JobSeeker), created through its own service (seeker_create) and linked to
the case, so that its matching and hires show on the case.

A profile belongs to the organization of the user who enters it (employment.access: only that
organization opens it), so the profile is made by a user of the organization that will support
the person's job search, in a role that keeps profiles (employment.access.SEEKER_ROLES). That
organization must see the case's 法的地位・犯歴 group (the lead, or a basis in force covering
it for that group): the profile's legal status and offences are what matching checks against
the employers' conditions. The form is pre-filled from the person, with the groups the user
sees only; the person's consent to the profile is confirmed by the user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coordination import access
from coordination.models import Case, FieldGroup, LegalStatus
from coordination.services import case_read
from core import audit
from core.fields.choice_masks import bit
from employment.access import SEEKER_ROLES
from employment.seekers.services import seeker_create

LEGAL = bit(FieldGroup, FieldGroup.LEGAL)
# The person's fields a profile takes, by the group that holds them.
PREFILLED = {
    FieldGroup.BASIC: ("ward",),
    FieldGroup.LEGAL: ("legal_status", "offences"),
}


def may_create_seeker(user, case: Case) -> bool:
    """Whether `user` may make the case's job-seeker profile: an open case not linked yet, a
    role that keeps profiles, and an organization that sees the 法的地位・犯歴 group."""
    return (
        case.status == Case.Status.OPEN
        and case.job_seeker_id is None
        and getattr(user, "role", None) in SEEKER_ROLES
        and bool(access.visible_mask(user, case) & LEGAL)
    )


def seeker_initial(*, actor, case: Case, request=None) -> dict:
    """The profile's values taken from the person: the ward as the wished area (基本), the
    legal status and the offences (法的地位・犯歴), of the groups the actor sees only. The read
    is logged (purpose "job_seeker_create")."""
    groups = [group for group in PREFILLED if group in access.visible_groups(actor, case)]
    if not groups:
        return {}
    values = case_read(
        actor=actor, case=case, groups=groups, purpose="job_seeker_create", request=request
    )
    initial = {}
    if FieldGroup.BASIC in values and values[FieldGroup.BASIC]["ward"]:
        initial["desired_wards"] = values[FieldGroup.BASIC]["ward"]
    if FieldGroup.LEGAL in values:
        legal = values[FieldGroup.LEGAL]
        if legal["legal_status"] in LegalStatus.values:
            initial["legal_status"] = legal["legal_status"]
        initial["offences"] = legal["offences"] or 0
    return initial


@transaction.atomic
def case_create_job_seeker(*, actor, case: Case, values: dict, consent_confirmed: bool = False):
    """Create the case's job-seeker profile with `values` (the employment app's seeker fields)
    through employment.seekers.services.seeker_create, supported by the actor's organization,
    and link it to the case. Needs the person's consent, confirmed by the actor."""
    case = Case.objects.select_for_update().select_related("local_government").get(pk=case.pk)
    if not may_create_seeker(actor, case):
        if case.job_seeker_id is not None:
            raise ValidationError(_("このケースはすでに求職者プロフィールとつながっています。"))
        if case.status != Case.Status.OPEN:
            raise ValidationError(_("終結したケースからは登録できません。"))
        raise PermissionDenied
    if not consent_confirmed:
        raise ValidationError(
            {"confirm": _("本人の同意を得たことを確認してから、登録してください。")}
        )
    seeker = seeker_create(actor=actor, local_government=case.local_government, values=values)
    case.job_seeker = seeker
    case.save(update_fields=["job_seeker"])
    audit.record(
        actor=actor,
        action="coordination.case.create_job_seeker",
        local_government=case.local_government,
        obj=case,
        changes={
            "job_seeker": {"before": None, "after": seeker.pk},
            "supporter_organization": str(actor.organization),
        },
    )
    return seeker
