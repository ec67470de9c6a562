"""Job-seeker profiles: writes (create, update, the logged read of offence data) and the
list's reads.

A profile is anonymous: a generated code (S-2026-0001), no name, no date of birth, no
address. It belongs to the organization of the supporter who entered it
(`supporter_organization`), and only that organization opens it (employment.access). Its
legal status and offences are sensitive: every read of them writes an audit entry
(`seeker_sensitive_read`), and the audit entries of a change say which sensitive fields
changed, never their values (the secretariat reads the audit log and must not learn another
organization's seekers' offences from it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.fields.choice_masks import bit, labels
from core.web.params import parse_int
from employment import access
from employment.models import EmploymentType, Industry, JobSeeker, Offence
from employment.seekers.matching import split_terms

SENSITIVE_FIELDS = ("legal_status", "offences")
PLAIN_FIELDS = (
    "desired_industries",
    "desired_jobs",
    "desired_wards",
    "employment_types",
    "needs_housing",
    "licences",
    "is_active",
)
CODE_ATTEMPTS = 5


def code_prefix(year: int) -> str:
    return f"S-{year}-"


def next_code(local_government, year: int) -> str:
    """The next free code of the year in the local government: S-2026-0001, S-2026-0002, …"""
    prefix = code_prefix(year)
    last = (
        JobSeeker.objects.filter(local_government=local_government, code__startswith=prefix)
        .order_by(Length("code").desc(), "-code")
        .values_list("code", flat=True)
        .first()
    )
    number = (parse_int(last[len(prefix) :]) or 0) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _check_supporter(actor, local_government) -> None:
    if (
        actor.role not in access.SEEKER_ROLES
        or not actor.organization_id
        or actor.local_government_id != local_government.pk
    ):
        raise PermissionDenied


def _check_visible(actor, seeker: JobSeeker) -> None:
    _check_supporter(actor, seeker.local_government)
    if seeker.supporter_organization_id != actor.organization_id:
        raise PermissionDenied


def _normalized(values: dict) -> dict:
    values = dict(values)
    values["desired_wards"] = "、".join(split_terms(values.get("desired_wards", "")))  # i18n-data
    for name in ("desired_jobs", "licences"):
        values[name] = (values.get(name) or "").strip()
    return values


def _audit_changes(before: dict, after: dict) -> dict:
    changes = audit.diff(
        {k: before.get(k) for k in PLAIN_FIELDS}, {k: after.get(k) for k in PLAIN_FIELDS}
    )
    sensitive = [name for name in SENSITIVE_FIELDS if before.get(name) != after.get(name)]
    if sensitive:
        changes["sensitive_fields_changed"] = sensitive
    return changes


@transaction.atomic
def seeker_create(*, actor, local_government, values: dict, today=None) -> JobSeeker:
    """Create a profile supported by the actor's organization, with the next free code."""
    _check_supporter(actor, local_government)
    values = _normalized(values)
    year = (today or timezone.localdate()).year
    for _attempt in range(CODE_ATTEMPTS):
        seeker = JobSeeker(
            local_government=local_government,
            supporter_organization_id=actor.organization_id,
            created_by=actor,
            code=next_code(local_government, year),
            **{name: values[name] for name in (*PLAIN_FIELDS, *SENSITIVE_FIELDS) if name in values},
        )
        seeker.full_clean(exclude=["code"])
        try:
            with transaction.atomic():
                seeker.save()
        except IntegrityError:
            continue  # another supporter took the code at the same moment: take the next
        break
    else:
        raise ValidationError(_("求職者番号を決められませんでした。もう一度登録してください。"))
    audit.record(
        actor=actor,
        action="employment.seeker.create",
        local_government=local_government,
        obj=seeker,
        changes=_audit_changes(
            {}, {name: getattr(seeker, name) for name in (*PLAIN_FIELDS, *SENSITIVE_FIELDS)}
        ),
    )
    return seeker


@transaction.atomic
def seeker_update(*, actor, seeker: JobSeeker, values: dict) -> JobSeeker:
    _check_visible(actor, seeker)
    values = _normalized(values)
    names = (*PLAIN_FIELDS, *SENSITIVE_FIELDS)
    before = {name: getattr(seeker, name) for name in names}
    for name in names:
        if name in values:
            setattr(seeker, name, values[name])
    seeker.full_clean(exclude=["created_by"])  # kept as it was, even if its user is gone
    after = {name: getattr(seeker, name) for name in names}
    changes = _audit_changes(before, after)
    if changes:
        seeker.save()
        audit.record(
            actor=actor,
            action="employment.seeker.update",
            local_government=seeker.local_government,
            obj=seeker,
            changes=changes,
        )
    return seeker


SENSITIVE_KIND = "criminal_history"


def seeker_sensitive_read(
    *, actor, seeker: JobSeeker, purpose: str, reason: str = "", request=None
) -> None:
    """Log that `actor` was shown the seeker's legal status and offences (on its page, its
    edit form or its matches, whose exclusions name the offences), through the one mechanism
    for sensitive reads, core.audit.sensitive_read: the address comes from `request`."""
    _check_visible(actor, seeker)
    audit.sensitive_read(
        actor=actor,
        obj=seeker,
        local_government=seeker.local_government,
        kind=SENSITIVE_KIND,
        fields=SENSITIVE_FIELDS,
        purpose=purpose,
        reason=reason,
        request=request,
    )


# --- reads -------------------------------------------------------------------------------------

SORTS = {
    "code": ("code",),
    "-code": ("-code",),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}
DEFAULT_SORT = "-created"


def seeker_list(
    seekers: QuerySet, *, active: str = "", industry: str = "", sort: str = DEFAULT_SORT
) -> QuerySet:
    """Filter and sort profiles the user may see. `active`: "yes", "no" or "" (all)."""
    if active == "yes":
        seekers = seekers.filter(is_active=True)
    elif active == "no":
        seekers = seekers.filter(is_active=False)
    if industry in Industry.values:
        seekers = seekers.annotate(
            industry_hit=F("desired_industries").bitand(bit(Industry, industry))
        ).filter(industry_hit__gt=0)
    return seekers.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def industry_labels(seeker: JobSeeker) -> list[str]:
    return labels(Industry, seeker.desired_industries or 0)


def employment_type_labels(seeker: JobSeeker) -> list[str]:
    return labels(EmploymentType, seeker.employment_types or 0)


def offence_labels(seeker: JobSeeker) -> list[str]:
    return labels(Offence, seeker.offences or 0)
