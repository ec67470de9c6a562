"""Writes of the directory's data exchange: loading the directory of a plan package
(docs/directory-package.md; directory/plan_package/loading.py) and importing an Open Referral HSDS tabular
package (docs/directory.md; directory/hsds/importing.py). Each runs in one transaction on validated
input, checks who may do it, writes all or nothing, records one audit entry and expires the
public pages when something changed."""

from __future__ import annotations

import importlib.util
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.models import LocalGovernment
from directory import access
from directory.hsds.importing import HSDSImporter
from directory.models import Service
from directory.plan_package.contents import DirectoryPackage
from directory.plan_package.loading import LoadResult, PackageLoader, package_id
from directory.search.fulltext import reindex_services

__all__ = [
    "ImportResult",
    "LoadResult",
    "directory_import_hsds",
    "directory_load_package",
    "package_id",
]


def _reindex(services) -> None:
    """Refresh the services' search text, when the search module is installed."""
    if importlib.util.find_spec("directory.search.fulltext") is None:
        return

    reindex_services(services)


# --- loading a plan package's directory --------------------------------------------------------


@transaction.atomic
def directory_load_package(
    *, local_government: LocalGovernment, package: DirectoryPackage, actor=None
) -> LoadResult:
    """Load a validated directory package: create or update what it holds, matched by hsds_id
    and natural key (organization name; location by organization and name; service by
    organization and name), and delete what the package made and no longer holds. Loading the
    same package twice changes nothing. Fields the package has no column for (review status,
    verification date, やさしい日本語 description, …) are left as the back office set them."""
    if actor is not None and not access.is_secretariat(actor, local_government):
        raise PermissionDenied
    result = LoadResult()
    loader = PackageLoader(local_government, package, result)
    loader.load()
    if result.changed:
        _reindex(Service.objects.filter(local_government=local_government))
        local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="directory.load_package",
            local_government=local_government,
            object_type="directory.service",
            object_label=_("相談窓口・支援の情報（計画パッケージ）"),
            changes={
                "organizations": len(package.organizations),
                "services": len(package.services),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "deleted": result.counts["deleted"],
            },
        )
    else:
        _reindex(Service.objects.filter(local_government=local_government, search_text=""))
    return result


# --- importing an HSDS tabular package -------------------------------------------------------


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(self.counts[key] for key in ("created", "updated"))

    def summary(self) -> str:
        return (
            f"created {self.counts['created']}, updated {self.counts['updated']}, "
            f"unchanged {self.counts['unchanged']}, skipped {self.counts['skipped']}"
        )


@transaction.atomic
def directory_import_hsds(
    *, local_government: LocalGovernment, package, actor=None, publish: bool = True
) -> ImportResult:
    """Create or update the records of a validated HSDS package (directory.hsds.reading), by
    hsds_id, all or nothing. Records the package does not hold are kept. New organizations,
    locations and services are published unless `publish` is False (then drafts for the
    secretariat to review)."""
    if actor is not None and not access.is_secretariat(actor, local_government):
        raise PermissionDenied
    result = LoadResult()
    HSDSImporter(local_government, package, result, publish=publish).run()
    imported = ImportResult(counts=result.counts)
    imported.counts["skipped"] = package.skipped
    if result.changed:
        _reindex(Service.objects.filter(local_government=local_government))
        local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="directory.import_hsds",
            local_government=local_government,
            object_type="directory.service",
            object_label=package.source[:300],
            changes={
                "rows": package.row_count(),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "unchanged": result.counts["unchanged"],
            },
        )
    return imported
