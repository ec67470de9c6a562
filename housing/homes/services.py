"""Writes of providers, their safety-net homes, the body's own accepted attributes and its
registration standards. One service per action: keyword-only arguments, the rules checked
here (the views only show what the services allow), `full_clean()`, one transaction, an audit
entry with before → after."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.people.services import organization_create
from core import audit
from core.access import require_secretariat_of
from housing.homes import importing, selectors
from housing.homes.standards import standards_problems
from housing.models import (
    LOCAL_ACCEPTANCE_FIRST_BIT,
    LOCAL_ACCEPTANCE_LAST_BIT,
    NATIONAL_MIN_FLOOR_AREA,
    HousingProvider,
    HousingRules,
    LocalAcceptance,
    ProviderService,
    SafetyNetHome,
)
from stats.importer import ImportInvalid, RowError

HOME_FIELDS = [
    "registration_number",
    "name",
    "address",
    "ward",
    "latitude",
    "longitude",
    "rent",
    "common_fee",
    "deposit",
    "floor_area",
    "layout",
    "units",
    "vacancies",
    "barrier_free",
    "pets_allowed",
    "earthquake_resistant",
    "dedicated",
    "accepts",
    "contact",
    "note",
    "is_public",
]
AUDITED_HOME_FIELDS = ["provider", *HOME_FIELDS, "is_active"]
PROVIDER_FIELDS = [
    "kind",
    "designation_number",
    "established_on",
    "services",
    "areas",
    "directory_organization",
    "note",
    "source_note",
]
AUDITED_PROVIDER_FIELDS = ["organization", *PROVIDER_FIELDS]


# --- who may change what -----------------------------------------------------------------------


def can_manage_home(actor, home: SafetyNetHome) -> bool:
    if selectors.is_secretariat(actor, home.local_government):
        return True
    provider = selectors.provider_of(actor)
    return provider is not None and provider.pk == home.provider_id


def _require_provider_scope(actor, provider: HousingProvider) -> None:
    """The secretariat of the provider's body, or the provider's own people."""
    if selectors.is_secretariat(actor, provider.local_government):
        return
    own = selectors.provider_of(actor)
    if own is None or own.pk != provider.pk:
        raise PermissionDenied


def _registration_taken(local_government, number: str, exclude_pk=None) -> bool:
    if not number:
        return False
    taken = SafetyNetHome.objects.filter(
        local_government=local_government, registration_number=number
    )
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    return taken.exists()


def _check_home(home: SafetyNetHome) -> None:
    values = {name: getattr(home, name) for name in HOME_FIELDS}
    problems = standards_problems(home.local_government, values)
    if _registration_taken(home.local_government, home.registration_number, home.pk):
        problems.setdefault("registration_number", []).append(
            _("この登録番号の住宅はすでに登録されています。")
        )
    if problems:
        raise ValidationError(problems)
    home.full_clean(exclude=["provider", "local_government", "created_by"])


# --- homes -------------------------------------------------------------------------------------


@transaction.atomic
def home_create(
    *, actor, provider: HousingProvider, values: dict[str, Any], is_fictional: bool = False
) -> SafetyNetHome:
    """Register a safety-net home of `provider` (its own people, or the secretariat)."""
    _require_provider_scope(actor, provider)
    home = SafetyNetHome(
        local_government=provider.local_government,
        provider=provider,
        created_by=actor,
        is_fictional=is_fictional,
    )
    for name in HOME_FIELDS:
        if name in values:
            setattr(home, name, values[name])
    _check_home(home)
    home.save()
    audit.record(
        actor=actor,
        action="housing.home.create",
        local_government=home.local_government,
        obj=home,
        changes=audit.diff({}, audit.snapshot(home, AUDITED_HOME_FIELDS)),
    )
    return home


@transaction.atomic
def home_update(
    *, actor, home: SafetyNetHome, values: dict[str, Any], provider: HousingProvider | None = None
) -> SafetyNetHome:
    """Change a home's details (and, for the secretariat, its provider)."""
    home = SafetyNetHome.objects.select_for_update().get(pk=home.pk)
    if not can_manage_home(actor, home):
        raise PermissionDenied
    before = audit.snapshot(home, AUDITED_HOME_FIELDS)
    if provider is not None and provider.pk != home.provider_id:
        require_secretariat_of(actor, home.local_government)
        if provider.local_government_id != home.local_government_id:
            raise PermissionDenied
        home.provider = provider
    for name in HOME_FIELDS:
        if name in values:
            setattr(home, name, values[name])
    _check_home(home)
    changes = audit.diff(before, audit.snapshot(home, AUDITED_HOME_FIELDS))
    if changes:
        home.save()
        audit.record(
            actor=actor,
            action="housing.home.update",
            local_government=home.local_government,
            obj=home,
            changes=changes,
        )
    return home


@transaction.atomic
def home_set_active(*, actor, home: SafetyNetHome, active: bool) -> SafetyNetHome:
    """Stop listing a home (掲載をやめる), or list it again; its record stays."""
    home = SafetyNetHome.objects.select_for_update().get(pk=home.pk)
    if not can_manage_home(actor, home):
        raise PermissionDenied
    if home.is_active == active:
        return home
    if active:
        # the standards may have changed since it was taken off the list
        _check_home(home)
    home.is_active = active
    home.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="housing.home.reactivate" if active else "housing.home.deactivate",
        local_government=home.local_government,
        obj=home,
        changes={"is_active": {"before": not active, "after": active}},
    )
    return home


# --- providers ---------------------------------------------------------------------------------


def _check_provider(provider: HousingProvider) -> None:
    problems: dict[str, list[str]] = {}
    entry = provider.directory_organization
    if entry is not None and entry.local_government_id != provider.local_government_id:
        problems["directory_organization"] = [_("この市の相談窓口一覧の項目を選んでください。")]
    if provider.services & ~((1 << len(ProviderService.values)) - 1):
        problems["services"] = [_("知らない支援の内容が含まれています。")]
    areas = provider.areas or []
    if not isinstance(areas, list) or not all(isinstance(a, str) and a for a in areas):
        problems["areas"] = [_("対象地域は区の名前の一覧にしてください。")]
    if problems:
        raise ValidationError(problems)
    provider.full_clean(exclude=["organization", "local_government"])


@transaction.atomic
def provider_create(
    *,
    actor,
    local_government,
    values: dict[str, Any],
    organization: Organization | None = None,
    organization_name: str = "",
) -> HousingProvider:
    """Register a provider profile (secretariat): for an existing housing-provider
    organization of the body, or a new one named `organization_name` (made through the
    accounts' service, audited there too)."""
    require_secretariat_of(actor, local_government)
    if organization is None:
        if not organization_name.strip():
            raise ValidationError(
                {"organization_name": _("組織を選ぶか、新しい組織の名前を書いてください。")}
            )
        organization = organization_create(
            actor=actor,
            local_government=local_government,
            name=organization_name,
            kind=Organization.Kind.HOUSING_PROVIDER,
        )
    if organization.local_government_id != local_government.pk:
        raise PermissionDenied
    if organization.kind != Organization.Kind.HOUSING_PROVIDER:
        raise ValidationError(
            {"organization": _("住宅確保支援事業者の組織だけを事業者として登録できます。")}
        )
    if HousingProvider.objects.filter(organization=organization).exists():
        raise ValidationError({"organization": _("この組織はすでに事業者として登録されています。")})
    provider = HousingProvider(local_government=local_government, organization=organization)
    for name in PROVIDER_FIELDS:
        if name in values:
            setattr(provider, name, values[name])
    _check_provider(provider)
    provider.save()
    audit.record(
        actor=actor,
        action="housing.provider.create",
        local_government=local_government,
        obj=provider,
        changes=audit.diff({}, audit.snapshot(provider, AUDITED_PROVIDER_FIELDS)),
    )
    return provider


@transaction.atomic
def provider_update(*, actor, provider: HousingProvider, values: dict[str, Any]) -> HousingProvider:
    """Change a provider's profile: the secretariat, or the provider itself (its own only)."""
    provider = HousingProvider.objects.select_for_update().get(pk=provider.pk)
    _require_provider_scope(actor, provider)
    before = audit.snapshot(provider, AUDITED_PROVIDER_FIELDS)
    for name in PROVIDER_FIELDS:
        if name in values:
            setattr(provider, name, values[name])
    _check_provider(provider)
    changes = audit.diff(before, audit.snapshot(provider, AUDITED_PROVIDER_FIELDS))
    if changes:
        provider.save()
        audit.record(
            actor=actor,
            action="housing.provider.update",
            local_government=provider.local_government,
            obj=provider,
            changes=changes,
        )
    return provider


# --- the body's own accepted attributes ----------------------------------------------------------


def _check_label(local_government, label: str, exclude_pk=None) -> str:
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("名称を書いてください。")})
    taken = LocalAcceptance.objects.filter(local_government=local_government, label=label)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"label": _("同じ名称の項目がすでにあります。")})
    return label


@transaction.atomic
def local_acceptance_create(*, actor, local_government, label: str) -> LocalAcceptance:
    """Add a kind of 住宅確保要配慮者 the body's plan adds; its bit is the first free one."""
    require_secretariat_of(actor, local_government)
    label = _check_label(local_government, label)
    used = set(
        LocalAcceptance.objects.select_for_update()
        .filter(local_government=local_government)
        .values_list("bit", flat=True)
    )
    free = [b for b in range(LOCAL_ACCEPTANCE_FIRST_BIT, LOCAL_ACCEPTANCE_LAST_BIT + 1)]
    free = [b for b in free if b not in used]
    if not free:
        raise ValidationError(
            {
                "label": _("市が追加できる項目は%(count)s個までです。")
                % {"count": LOCAL_ACCEPTANCE_LAST_BIT - LOCAL_ACCEPTANCE_FIRST_BIT + 1}
            }
        )
    item = LocalAcceptance(local_government=local_government, label=label, bit=free[0])
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="housing.acceptance.create",
        local_government=local_government,
        obj=item,
        changes={
            "label": {"before": None, "after": label},
            "bit": {"before": None, "after": item.bit},
        },
    )
    return item


@transaction.atomic
def local_acceptance_rename(*, actor, item: LocalAcceptance, label: str) -> LocalAcceptance:
    require_secretariat_of(actor, item.local_government)
    item = LocalAcceptance.objects.select_for_update().get(pk=item.pk)
    label = _check_label(item.local_government, label, exclude_pk=item.pk)
    if label != item.label:
        before = item.label
        item.label = label
        item.full_clean()
        item.save()
        audit.record(
            actor=actor,
            action="housing.acceptance.rename",
            local_government=item.local_government,
            obj=item,
            changes={"label": {"before": before, "after": label}},
        )
    return item


# --- the registration standards --------------------------------------------------------------------


@transaction.atomic
def housing_rules_set(
    *, actor, local_government, min_floor_area: Decimal, note: str
) -> HousingRules:
    """Set the body's minimum floor area and its basis (e.g. the city's 供給促進計画)."""
    require_secretariat_of(actor, local_government)
    note = note.strip()
    if min_floor_area != NATIONAL_MIN_FLOOR_AREA and not note:
        raise ValidationError(
            {"note": _("国の基準（25㎡）と違う面積にするときは、根拠を書いてください。")}
        )
    if min_floor_area <= 0:
        raise ValidationError({"min_floor_area": _("0より大きい面積にしてください。")})
    rules = (
        HousingRules.objects.select_for_update().filter(local_government=local_government).first()
    )
    before = audit.snapshot(rules, ["min_floor_area", "note"]) if rules else {}
    if rules is None:
        rules = HousingRules(local_government=local_government)
    rules.min_floor_area = min_floor_area
    rules.note = note
    rules.full_clean()
    changes = audit.diff(before, audit.snapshot(rules, ["min_floor_area", "note"]))
    if changes:
        rules.save()
        audit.record(
            actor=actor,
            action="housing.rules.set",
            local_government=local_government,
            obj=rules,
            object_label=str(_("登録基準")),
            changes=changes,
        )
    return rules


# --- the import of an existing list ----------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def home_import(
    *, actor, local_government, raw_rows: list, filename: str, provider: HousingProvider | None
) -> ImportResult:
    """Take an existing list of safety-net homes, all or nothing: rows whose registration number
    is registered update that home, the others are new homes of the row's provider (the
    secretariat names it; a provider imports only its own). Raise stats.importer.ImportInvalid
    listing every bad row; nothing is written then."""
    if provider is None:
        require_secretariat_of(actor, local_government)
    else:
        _require_provider_scope(actor, provider)
        if provider.local_government_id != local_government.pk:
            raise PermissionDenied
    with transaction.atomic():
        rows = importing.validate_rows(importing.Scope(local_government, provider), raw_rows)
        result = ImportResult(rows=len(rows))
        problems: list[RowError] = []
        created, updated = [], []
        for row in rows:
            home = row.home
            if home is None:
                home = SafetyNetHome(
                    local_government=local_government, provider=row.provider, created_by=actor
                )
                before = None
            else:
                before = audit.snapshot(home, AUDITED_HOME_FIELDS)
                home.provider = row.provider
            for name, value in row.values.items():
                setattr(home, name, value)
            if before is not None and not audit.diff(
                before, audit.snapshot(home, AUDITED_HOME_FIELDS)
            ):
                result.unchanged += 1
                continue
            try:
                home.full_clean(exclude=["provider", "local_government", "created_by"])
            except ValidationError as error:  # the importer checks the same; kept as a guard
                problems.extend(
                    RowError(row.row, name, message)
                    for name, messages in error.message_dict.items()
                    for message in messages
                )
                continue
            (created if before is None else updated).append(home)
        if problems:
            raise ImportInvalid(problems)
        SafetyNetHome.objects.bulk_create(created, batch_size=500)
        for home in updated:
            home.save()
        result.created, result.updated = len(created), len(updated)
        audit.record(
            actor=actor,
            action="housing.home.import",
            local_government=local_government,
            object_type="housing.safetynethome",
            object_label=filename[:300],
            changes={
                "file": {"before": None, "after": filename},
                "created": {"before": None, "after": result.created},
                "updated": {"before": None, "after": result.updated},
                "updated_ids": {"before": None, "after": [h.pk for h in updated][:1000]},
            },
        )
    return result
