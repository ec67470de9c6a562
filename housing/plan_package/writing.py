"""Writing the housing records of a plan package back out (`manage.py export_plan`), in the
format housing.plan_package.reading reads (docs/housing/package.md)."""

from __future__ import annotations

from pathlib import Path

from core.fields.choice_masks import from_mask
from core.package.folder_reader import day_text, number_text, write_csv, yes_no
from housing.models import (
    HousingProvider,
    HousingRules,
    ProviderService,
    PublicHousingRound,
    PublicHousingRule,
)
from housing.plan_package.reading import (
    FOLDER,
    PROVIDER_COLUMNS,
    PROVIDERS_FILE,
    REGISTRATION_COLUMNS,
    REGISTRATION_FILE,
    ROUND_COLUMNS,
    ROUNDS_FILE,
    RULE_COLUMNS,
    RULES_FILE,
)


def write_housing_package(local_government, root: str | Path) -> int:
    """Write the housing records of `local_government` (the real providers, not the fictional
    ones; the registration standard; the 市営住宅 rules and rounds) to `root`/housing/; return
    how many were written, or 0 and no folder when there are none."""
    lg = {"local_government": local_government}
    providers = list(
        HousingProvider.objects.filter(**lg, is_fictional=False)
        .select_related("organization", "directory_organization")
        .order_by("organization__name")
    )
    registration = HousingRules.objects.filter(**lg).first()
    rules = list(PublicHousingRule.objects.filter(**lg).order_by("order", "id"))
    rounds = list(PublicHousingRound.objects.filter(**lg).order_by("application_from", "id"))
    total = len(providers) + (1 if registration else 0) + len(rules) + len(rounds)
    if not total:
        return 0
    folder = Path(root) / FOLDER
    if providers:
        write_csv(
            folder,
            PROVIDERS_FILE,
            PROVIDER_COLUMNS,
            [
                [
                    p.organization.name,
                    p.kind,
                    p.designation_number,
                    day_text(p.established_on),
                    ";".join(from_mask(ProviderService, p.services)),
                    ";".join(p.areas or []),
                    p.directory_organization.name if p.directory_organization_id else "",
                    p.note,
                    p.source_note,
                ]
                for p in providers
            ],
        )
    if registration:
        write_csv(
            folder,
            REGISTRATION_FILE,
            REGISTRATION_COLUMNS,
            [[str(registration.min_floor_area), registration.note]],
        )
    if rules:
        write_csv(
            folder,
            RULES_FILE,
            RULE_COLUMNS,
            [[r.order, r.title, r.body, r.source_note] for r in rules],
        )
    if rounds:
        write_csv(
            folder,
            ROUNDS_FILE,
            ROUND_COLUMNS,
            [
                [
                    r.kind,
                    r.title,
                    day_text(r.application_from),
                    day_text(r.application_until),
                    number_text(r.units),
                    r.description,
                    r.contact,
                    r.url,
                    yes_no(r.is_published),
                ]
                for r in rounds
            ],
        )
    return total
