"""Loading the housing records of a plan package (docs/housing/package.md), all or nothing,
matched by natural key: a provider by its organization's name, a 市営住宅 rule by its title, a
recruitment round by its kind, title and first day. Loading the same package twice changes
nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from core import audit
from core.access import has_role
from core.changes import ChangeLog, Source
from core.fields.choice_masks import to_mask
from core.package.csv_files import RowError
from core.roles import Role
from directory.models import Organization as DirectoryOrganization
from housing.models import (
    HousingProvider,
    HousingRules,
    ProviderService,
    PublicHousingRound,
    PublicHousingRule,
)
from housing.plan_package.reading import (
    FOLDER,
    PROVIDERS_FILE,
    REGISTRATION_FILE,
    ROUNDS_FILE,
    RULES_FILE,
    HousingPackage,
    HousingPackageInvalid,
)

NO_DIRECTORY = "left unlinked: the body has no directory yet (load its directory, then reload)"
KEPT_OWN = "not in the package: made in the back office or by a provider; a load never touches it"


class LoadResult(ChangeLog):
    def summary(self) -> str:
        return (
            f"created {self.counts['created']}, updated {self.counts['updated']}, "
            f"deleted {self.counts['deleted']}, unchanged {self.counts['unchanged']}"
        )


def _source(file: str, what: str, row: int | None = None, label: str = "") -> Source:
    return Source(f"{FOLDER}/{file}", what, row, label)


def may_load(actor, local_government) -> bool:
    """Only the secretariat of the body loads its package from the web; the commands run
    without an actor."""
    return actor is None or (
        has_role(actor, [Role.SECRETARIAT])
        and getattr(actor, "local_government_id", None) == local_government.pk
    )


def _directory_organizations(local_government, package: HousingPackage) -> dict[str, int]:
    """The directory organizations the providers name, by name. Every name must be in the
    body's directory; a body with no directory at all (an export_plan folder carries none)
    gets its providers unlinked instead."""
    names = {row.directory_organization for row in package.providers if row.directory_organization}
    directory = DirectoryOrganization.objects.filter(local_government=local_government)
    if not directory.exists():
        return {}
    found = dict(directory.filter(name__in=names).values_list("name", "pk"))
    errors = [
        RowError(
            f"{FOLDER}/{PROVIDERS_FILE}",
            row.row,
            "directory_organization",
            _("%(name)s は相談窓口一覧（directory）にありません。")
            % {"name": row.directory_organization},
        )
        for row in package.providers
        if row.directory_organization and row.directory_organization not in found
    ]
    if errors:
        raise HousingPackageInvalid(errors)
    return found


@transaction.atomic
def housing_load_package(*, local_government, package: HousingPackage, actor=None) -> LoadResult:
    """Load a validated housing package into `local_government`: create or update each
    provider (and the accounts organization it signs in with), the registration standard,
    each 市営住宅 rule and round. Records the package does not hold are kept (they were made
    in the back office or by a provider); homes are never touched."""
    if not may_load(actor, local_government):
        raise PermissionDenied
    directory = _directory_organizations(local_government, package)
    result = LoadResult()
    lg = {"local_government": local_government}

    names = [row.name for row in package.providers]
    for row in package.providers:
        organization, _created = Organization.objects.get_or_create(
            **lg, kind=Organization.Kind.HOUSING_PROVIDER, name=row.name
        )
        provider = HousingProvider.objects.filter(organization=organization).first()
        provider = provider or HousingProvider(**lg, organization=organization)
        result.save(
            provider,
            {
                "kind": row.kind,
                "designation_number": row.designation_number,
                "established_on": row.established_on,
                "services": to_mask(ProviderService, row.services),
                "areas": row.areas,
                "directory_organization_id": directory.get(row.directory_organization),
                "note": row.note,
                "source_note": row.source_note,
            },
            _source(PROVIDERS_FILE, f"provider {row.name}", row.row, row.kind),
        )
        if row.directory_organization and not directory:
            result.keep(
                _source(PROVIDERS_FILE, f"directory link of {row.name}", row.row),
                NO_DIRECTORY,
            )
    for provider in (
        HousingProvider.objects.filter(**lg)
        .exclude(organization__name__in=names)
        .select_related("organization")
    ):
        result.keep(_source(PROVIDERS_FILE, f"provider {provider.organization.name}"), KEPT_OWN)

    if package.registration is not None:
        rules = HousingRules.objects.filter(**lg).first() or HousingRules(**lg)
        result.save(
            rules,
            {
                "min_floor_area": package.registration.min_floor_area,
                "note": package.registration.note,
            },
            _source(REGISTRATION_FILE, "registration standards", package.registration.row),
        )

    existing_rules = {rule.title: rule for rule in PublicHousingRule.objects.filter(**lg)}
    for row in package.rules:
        rule = existing_rules.pop(row.title, None) or PublicHousingRule(**lg, title=row.title)
        result.save(
            rule,
            {"order": row.order, "body": row.body, "source_note": row.source_note},
            _source(RULES_FILE, f"rule {row.title}", row.row),
        )
    for title in existing_rules:
        result.keep(_source(RULES_FILE, f"rule {title}"), KEPT_OWN)

    existing_rounds = {
        (r.kind, r.title, r.application_from): r for r in PublicHousingRound.objects.filter(**lg)
    }
    for row in package.rounds:
        kind, title, starts = row.key
        round_ = existing_rounds.pop(row.key, None) or PublicHousingRound(
            **lg, kind=kind, title=title, application_from=starts
        )
        result.save(
            round_,
            {
                "application_until": row.application_until,
                "units": row.units,
                "description": row.description,
                "contact": row.contact,
                "url": row.url,
                "is_published": row.is_published,
            },
            _source(ROUNDS_FILE, f"round {title} {starts.isoformat()}", row.row),
        )
    for _kind, title, starts in existing_rounds:
        result.keep(_source(ROUNDS_FILE, f"round {title} {starts.isoformat()}"), KEPT_OWN)

    if result.changed:
        audit.record(
            actor=actor,
            action="housing.load_package",
            local_government=local_government,
            object_type="housing.housingprovider",
            object_label=_("住居の確保（計画パッケージ）"),
            changes={
                "providers": len(package.providers),
                "public_housing_rules": len(package.rules),
                "public_housing_rounds": len(package.rounds),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
            },
        )
    return result
