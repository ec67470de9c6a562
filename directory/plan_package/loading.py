"""Loading a plan package's directory (docs/directory-package.md) into the database: the
writes behind directory.services.directory_load_package, and the helpers the HSDS import
shares with it.

The loader gives the records it creates an hsds_id derived from their natural key
(`package_id`): a rebuilt database gets the same HSDS ids, and a reload deletes only records
the package made and no longer holds; entries added in the back office or imported from HSDS
are never deleted by a reload."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from core.changes import ChangeLog, Source
from core.models import LocalGovernment
from directory.hsds.schema import TAXONOMY_DESCRIPTIONS
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import (
    FOLDER,
    LOCATIONS_FILE,
    ORGANIZATIONS_FILE,
    PHONES_FILE,
    SCHEDULES_FILE,
    SERVICES_FILE,
    TAXONOMY_FILE,
    DirectoryPackage,
)
from plans.models import Department, Measure, PartnerOrganization, Plan

PACKAGE_NAMESPACE = uuid.UUID("6f1d5b8e-3c0a-4f57-9a51-0d2f0c8b7e11")


def package_id(local_government: LocalGovernment, kind: str, *parts: Any) -> uuid.UUID:
    """Return the hsds_id the package loader gives the record of `kind` with natural key
    `parts` in `local_government` (the same on every database)."""
    text = "\x1f".join([local_government.code, kind, *("" if p is None else str(p) for p in parts)])
    return uuid.uuid5(PACKAGE_NAMESPACE, text)


def time_key(value) -> str:
    return value.isoformat() if value is not None else ""


KEPT_OWN = "not in the package: added in the back office or imported from HSDS; kept"


class LoadResult(ChangeLog):
    def summary(self) -> str:
        return (
            f"created {self.counts['created']}, updated {self.counts['updated']}, "
            f"deleted {self.counts['deleted']}, unchanged {self.counts['unchanged']}"
        )


def save_changes(
    obj: models.Model, values: dict[str, Any], result: ChangeLog, source: Source | None = None
) -> bool:
    """Set `values` on `obj` and save it when anything differs; record what happened."""
    return result.save(obj, values, source)


def set_related(
    manager, wanted: Iterable[models.Model], *, result: ChangeLog, source: Source | None = None
) -> bool:
    """Make a saved record's many-to-many relation exactly `wanted`; record it when it
    changed."""
    wanted = list(wanted)
    current = list(manager.all())
    if {obj.pk for obj in current} == {obj.pk for obj in wanted}:
        return False
    manager.set(wanted)
    result.field_changed(
        manager.instance,
        manager.prefetch_cache_name,
        sorted(str(obj) for obj in current),
        sorted(str(obj) for obj in wanted),
        source,
    )
    return True


def delete_records(
    objects: list[models.Model],
    result: ChangeLog,
    source_of: Callable[[models.Model], Source] | None = None,
) -> None:
    result.delete(objects, source_of)


def _file(name: str) -> str:
    return f"{FOLDER}/{name}"


class PackageLoader:
    def __init__(self, local_government: LocalGovernment, package: DirectoryPackage, result):
        self.lg = local_government
        self.package = package
        self.result = result
        self.new = {"local_government": local_government}

    def id(self, kind: str, *parts: Any) -> uuid.UUID:
        return package_id(self.lg, kind, *parts)

    def load(self) -> None:
        terms = self.load_taxonomies()
        organizations = self.load_organizations()
        locations = self.load_locations(organizations)
        services = self.load_services(organizations, locations, terms)
        self.load_phones(organizations, services)
        self.load_schedules(services)

    # taxonomies and terms

    def load_taxonomies(self) -> dict[tuple[str, str], TaxonomyTerm]:
        existing = {t.kind: t for t in Taxonomy.objects.filter(local_government=self.lg)}
        terms: dict[tuple[str, str], TaxonomyTerm] = {}
        for kind in Taxonomy.Kind.values:
            taxonomy = existing.get(kind)
            if kind not in self.package.terms:
                if taxonomy is not None and taxonomy.hsds_id == self.id("taxonomy", kind):
                    delete_records(
                        [taxonomy],
                        self.result,
                        lambda t: Source(_file(TAXONOMY_FILE), f"taxonomy {t.kind}"),
                    )
                continue
            if taxonomy is None:
                taxonomy = Taxonomy(**self.new, kind=kind, hsds_id=self.id("taxonomy", kind))
            save_changes(
                taxonomy,
                {
                    "name": str(Taxonomy.Kind(kind).label),
                    "description": str(TAXONOMY_DESCRIPTIONS[kind]),
                },
                self.result,
                Source(_file(TAXONOMY_FILE), f"taxonomy {kind}"),
            )
            current = {term.code: term for term in taxonomy.terms.all()}
            kept = set()
            for position, row in enumerate(self.package.terms[kind], start=1):
                term = current.get(row.code) or TaxonomyTerm(
                    **self.new,
                    taxonomy=taxonomy,
                    code=row.code,
                    hsds_id=self.id("term", kind, row.code),
                )
                save_changes(
                    term,
                    {
                        "name": row.name,
                        "plain_name": row.plain_name,
                        "description": row.description,
                        "position": position,
                        "parent": None,
                    },
                    self.result,
                    Source(_file(TAXONOMY_FILE), f"term {kind}/{row.code}", label=row.name),
                )
                kept.add(term.pk)
                terms[(kind, row.code)] = term
            gone = []
            for term in current.values():
                if term.pk in kept:
                    continue
                if term.hsds_id == self.id("term", kind, term.code):
                    gone.append(term)
                else:
                    self.result.keep(self._term_source(term), KEPT_OWN)
            delete_records(gone, self.result, self._term_source)
        return terms

    @staticmethod
    def _term_source(term) -> Source:
        return Source(
            _file(TAXONOMY_FILE), f"term {term.taxonomy.kind}/{term.code}", label=term.name
        )

    # organizations

    def load_organizations(self) -> dict[str, Organization]:

        partners = {p.name: p for p in PartnerOrganization.objects.filter(local_government=self.lg)}
        departments = {d.name: d for d in Department.objects.filter(local_government=self.lg)}
        existing = list(Organization.objects.filter(local_government=self.lg))
        by_id = {o.hsds_id: o for o in existing}
        by_name = {o.name: o for o in existing}
        organizations: dict[str, Organization] = {}
        for position, row in enumerate(self.package.organizations, start=1):
            pid = self.id("organization", row.name)
            organization = by_name.get(row.name) or by_id.get(pid)
            if organization is None:
                organization = Organization(
                    **self.new,
                    hsds_id=pid,
                    review_status=ReviewStatus.PUBLISHED,
                    is_fictional=False,
                )
            save_changes(
                organization,
                {
                    "name": row.name,
                    "alternate_name": row.alternate_name,
                    "category": row.category,
                    "description": row.description,
                    "partner": partners.get(row.partner) if row.partner else None,
                    "department": departments.get(row.department) if row.department else None,
                    "website": row.website,
                    "email": row.email,
                    "legal_status": row.legal_status,
                    "source": row.source,
                    "position": position,
                },
                self.result,
                Source(_file(ORGANIZATIONS_FILE), "organization", row.row, row.name),
            )
            organizations[row.name] = organization
        kept = {o.pk for o in organizations.values()}
        gone = []
        for o in existing:
            if o.pk in kept:
                continue
            source = Source(_file(ORGANIZATIONS_FILE), "organization", label=o.name)
            if o.hsds_id == self.id("organization", o.name):
                gone.append(o)
            else:
                self.result.keep(source, KEPT_OWN)
        delete_records(
            gone,
            self.result,
            lambda o: Source(_file(ORGANIZATIONS_FILE), "organization", None, o.name),
        )
        return organizations

    # locations and their addresses

    def load_locations(
        self, organizations: dict[str, Organization]
    ) -> dict[tuple[str, str], Location]:
        existing = list(
            Location.objects.filter(local_government=self.lg)
            .select_related("organization")
            .prefetch_related("addresses")
            .order_by("pk")
        )
        by_id = {loc.hsds_id: loc for loc in existing}
        locations: dict[tuple[str, str], Location] = {}
        used: set[int] = set()
        for row in self.package.locations:
            organization = organizations[row.organization]
            pid = self.id("location", row.organization, row.name)
            location = by_id.get(pid)
            if location is None or location.pk in used:
                location = next(
                    (
                        loc
                        for loc in existing
                        if loc.organization_id == organization.pk
                        and loc.name == row.name
                        and loc.pk not in used
                    ),
                    None,
                ) or Location(
                    **self.new,
                    hsds_id=pid,
                    review_status=ReviewStatus.PUBLISHED,
                    is_fictional=False,
                )
            save_changes(
                location,
                {
                    "organization": organization,
                    "name": row.name,
                    "location_type": row.location_type,
                    "ward": row.region,
                    "source": row.source,
                },
                self.result,
                Source(
                    _file(LOCATIONS_FILE), "location", row.row, f"{row.organization} {row.name}"
                ),
            )
            used.add(location.pk)
            locations[(row.organization, row.name)] = location
            self.load_address(location, row)
        gone = []
        for loc in existing:
            if loc.pk in used:
                continue
            if loc.hsds_id == self.id("location", loc.organization.name, loc.name):
                gone.append(loc)
            else:
                self.result.keep(self._location_source(loc), KEPT_OWN)
        delete_records(gone, self.result, self._location_source)
        return locations

    @staticmethod
    def _location_source(loc) -> Source:
        return Source(
            _file(LOCATIONS_FILE), "location", label=f"{loc.organization.name} {loc.name}"
        )

    def load_address(self, location: Location, row) -> None:
        pid = self.id("address", location.hsds_id)
        current = (
            next((a for a in location.addresses.all() if a.hsds_id == pid), None)
            if location.pk
            else None
        )
        source = Source(_file(LOCATIONS_FILE), "address", row.row, f"{row.organization} {row.name}")
        if row.address is None:
            if current is not None:
                delete_records([current], self.result, lambda _a: source)
            return
        address = current or Address(**self.new, location=location, hsds_id=pid)
        save_changes(
            address,
            {
                "address_1": row.address.address_1,
                "address_2": row.address.address_2,
                "city": row.address.city,
                "region": row.address.region,
                "state_province": row.address.state_province,
                "postal_code": row.address.postal_code,
                "country": "JP",
                "address_type": "postal"
                if row.location_type == Location.Type.POSTAL
                else "physical",
            },
            self.result,
            source,
        )

    # services

    def _measures(self) -> dict[str, Any]:

        plans = Plan.objects.filter(local_government=self.lg)
        plan = (
            plans.filter(key=self.package.plan_key).first()
            if self.package.plan_key
            else plans.order_by("-start_fiscal_year").first()
        )
        if plan is None:
            return {}
        measures = Measure.objects.filter(area__pillar__plan=plan).select_related("area__pillar")
        return {f"{m.area.pillar.number}-{m.area.number}-{m.number}": m for m in measures}

    def load_services(self, organizations, locations, terms) -> dict[str, Service]:
        measures = self._measures()
        existing = list(
            Service.objects.filter(local_government=self.lg)
            .select_related("organization")
            .prefetch_related("terms", "measures", "service_at_locations__location")
            .order_by("pk")
        )
        by_id = {s.hsds_id: s for s in existing}
        by_name = {(s.organization_id, s.name): s for s in reversed(existing)}
        services: dict[str, Service] = {}
        kept: set[int] = set()
        new_terms, new_measures = [], []
        for position, row in enumerate(self.package.services, start=1):
            organization = organizations[row.organization]
            pid = self.id("service", row.organization, row.name)
            service = by_id.get(pid)
            if service is None or service.pk in kept:
                service = by_name.get((organization.pk, row.name))
            if service is None or service.pk in kept:
                service = Service(
                    **self.new,
                    hsds_id=pid,
                    review_status=ReviewStatus.PUBLISHED,
                    status=Status.ACTIVE,
                    is_fictional=False,
                )
            is_new = service.pk is None
            source = Source(_file(SERVICES_FILE), f"service {row.key}", row.row, row.name)
            save_changes(
                service,
                {
                    "organization": organization,
                    "name": row.name,
                    "description": row.description,
                    "eligibility_description": row.eligibility,
                    "application_process": row.application_process,
                    "is_24_hours": row.is_24_hours,
                    "source": row.source,
                    "position": position,
                    **(row.fields.as_model_fields() if row.fields is not None else {}),
                },
                self.result,
                source,
            )
            kept.add(service.pk)
            services[row.key] = service
            wanted_terms = [
                terms[(kind, code)] for kind, codes in row.terms.items() for code in codes
            ]
            wanted_measures = [measures[key] for key in row.measures if key in measures]
            if is_new:  # written together below: a new service has none yet
                new_terms.extend(
                    Service.terms.through(service_id=service.pk, taxonomyterm_id=term.pk)
                    for term in wanted_terms
                )
                new_measures.extend(
                    Service.measures.through(service_id=service.pk, measure_id=measure.pk)
                    for measure in wanted_measures
                )
            else:
                set_related(service.terms, wanted_terms, result=self.result, source=source)
                set_related(service.measures, wanted_measures, result=self.result, source=source)
            location = (
                locations[(row.organization, row.location)] if row.location is not None else None
            )
            self.load_service_at_location(service, location, is_new=is_new, source=source)
        Service.terms.through.objects.bulk_create(new_terms)
        Service.measures.through.objects.bulk_create(new_measures)
        gone = []
        for s in existing:
            if s.pk in kept:
                continue
            if s.hsds_id == self.id("service", s.organization.name, s.name):
                gone.append(s)
            else:
                self.result.keep(self._service_source(s), KEPT_OWN)
        delete_records(gone, self.result, self._service_source)
        return services

    @staticmethod
    def _service_source(service) -> Source:
        return Source(
            _file(SERVICES_FILE), "service", label=f"{service.organization.name} {service.name}"
        )

    def load_service_at_location(
        self, service: Service, location, *, is_new: bool, source: Source
    ) -> None:
        """Link the service to the package's place; the link is shown as the service's
        `locations`."""
        current = [] if is_new else list(service.service_at_locations.all())
        own = [
            sal
            for sal in current
            if sal.hsds_id == self.id("service_at_location", service.hsds_id, sal.location.hsds_id)
        ]
        before = [sal.location.name for sal in current]
        after = list(before)
        keep = None
        if location is not None:
            keep = next((sal for sal in current if sal.location_id == location.pk), None)
            if keep is None:
                keep = ServiceAtLocation(
                    **self.new,
                    service=service,
                    location=location,
                    hsds_id=self.id("service_at_location", service.hsds_id, location.hsds_id),
                )
                keep.save()
                after.append(location.name)
        for sal in own:
            if keep is None or sal.pk != keep.pk:
                sal.delete()
                after.remove(sal.location.name)
        if after != before:
            self.result.field_changed(service, "locations", before, after, source)

    # phones and schedules

    def load_phones(self, organizations, services) -> None:
        existing = list(
            Phone.objects.filter(local_government=self.lg).select_related(
                "organization", "service__organization"
            )
        )
        by_id = {p.hsds_id: p for p in existing}
        kept = set()
        for position, row in enumerate(self.package.phones, start=1):
            organization = organizations[row.organization]
            service = services[row.service] if row.service else None
            pid = self._phone_id(organization, service, row.number, row.type)
            phone = by_id.get(pid) or Phone(**self.new, hsds_id=pid)
            save_changes(
                phone,
                {
                    # A service's number belongs to the service only (HSDS: one owner).
                    "organization": None if service else organization,
                    "service": service,
                    "number": row.number,
                    "type": row.type,
                    "description": row.description,
                    "position": position,
                },
                self.result,
                Source(
                    _file(PHONES_FILE),
                    f"phone {row.number}",
                    row.row,
                    service.name if service else organization.name,
                ),
            )
            kept.add(phone.pk)
        gone = [
            p
            for p in existing
            if p.pk not in kept
            and p.location_id is None
            and (p.organization or p.service)
            and p.hsds_id
            == self._phone_id(p.organization or p.service.organization, p.service, p.number, p.type)
        ]
        delete_records(
            gone,
            self.result,
            lambda p: Source(
                _file(PHONES_FILE), f"phone {p.number}", None, str(p.service or p.organization)
            ),
        )

    def _phone_id(self, organization, service, number, phone_type) -> uuid.UUID:
        return self.id(
            "phone", organization.hsds_id, service.hsds_id if service else "", number, phone_type
        )

    def load_schedules(self, services) -> None:
        existing = list(
            Schedule.objects.filter(local_government=self.lg, service__isnull=False).select_related(
                "service"
            )
        )
        by_id = {s.hsds_id: s for s in existing}
        kept = set()
        for row in self.package.schedules:
            service = services[row.service]
            pid = self._schedule_id(
                service, row.byday, row.opens_at, row.closes_at, row.is_24_hours
            )
            schedule = by_id.get(pid) or Schedule(**self.new, hsds_id=pid)
            save_changes(
                schedule,
                {
                    "service": service,
                    "location": None,
                    "freq": "WEEKLY",
                    "byday": row.byday,
                    "opens_at": row.opens_at,
                    "closes_at": row.closes_at,
                    "is_24_hours": row.is_24_hours,
                    "notes": row.notes,
                    **({} if row.internal_note is None else {"internal_note": row.internal_note}),
                },
                self.result,
                Source(_file(SCHEDULES_FILE), f"schedule {row.service} {row.byday}", row.row),
            )
            kept.add(schedule.pk)
        gone = [
            s
            for s in existing
            if s.pk not in kept
            and s.hsds_id
            == self._schedule_id(s.service, s.byday, s.opens_at, s.closes_at, s.is_24_hours)
        ]
        delete_records(
            gone,
            self.result,
            lambda s: Source(_file(SCHEDULES_FILE), f"schedule {s.byday}", None, s.service.name),
        )

    def _schedule_id(self, service, byday, opens_at, closes_at, is_24_hours) -> uuid.UUID:
        return self.id(
            "schedule",
            service.hsds_id,
            byday,
            time_key(opens_at),
            time_key(closes_at),
            "24h" if is_24_hours else "",
        )
