"""Importing a validated HSDS tabular package (directory.hsds.reading) into the database:
the writes behind directory.services.directory_import_hsds. Records are created or updated by
hsds_id; nothing the package does not hold is deleted."""

from __future__ import annotations

import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import models

from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.loading import save_changes


class HSDSImporter:
    def __init__(self, local_government, package, result, *, publish: bool):
        self.lg = local_government
        self.package = package
        self.result = result
        self.new = {"local_government": local_government}
        self.review_status = ReviewStatus.PUBLISHED if publish else ReviewStatus.DRAFT

    def existing(self, model) -> dict[uuid.UUID, models.Model]:
        return {obj.hsds_id: obj for obj in model.objects.filter(local_government=self.lg)}

    def run(self) -> None:
        taxonomies = self.taxonomies()
        terms = self.terms(taxonomies)
        organizations = self.organizations()
        locations = self.locations(organizations)
        self.addresses(locations)
        services = self.services(organizations)
        sals = self.service_at_locations(services, locations)
        self.phones(organizations, services, locations, sals)
        self.schedules(services, locations, sals)
        self.attributes(services, terms)

    def taxonomies(self):
        taxonomies = self.existing(Taxonomy)
        for row in self.package.rows["taxonomy"]:
            taxonomy = taxonomies.get(row["id"]) or Taxonomy(
                **self.new, hsds_id=row["id"], kind=row["kind"]
            )
            values = {"name": row["name"], "description": row["description"]}
            values["version"] = row["version"]
            if row["uri"] is not None:
                values["uri"] = row["uri"]
            save_changes(taxonomy, values, self.result)
            taxonomies[taxonomy.hsds_id] = taxonomy
        return taxonomies

    def terms(self, taxonomies):
        terms = self.existing(TaxonomyTerm)
        positions: Counter = Counter()
        for row in self.package.rows["taxonomy_term"]:
            taxonomy = taxonomies[row["taxonomy_id"]]
            positions[taxonomy.pk] += 1
            term = terms.get(row["id"]) or TaxonomyTerm(**self.new, hsds_id=row["id"])
            save_changes(
                term,
                {
                    "taxonomy": taxonomy,
                    "code": row["code"],
                    "name": row["name"],
                    "description": row["description"],
                    "position": positions[taxonomy.pk],
                },
                self.result,
            )
            terms[term.hsds_id] = term
        for row in self.package.rows["taxonomy_term"]:
            term = terms[row["id"]]
            parent = terms[row["parent_id"]] if row["parent_id"] else None
            if term.parent_id != (parent.pk if parent else None):
                term.parent = parent
                term.save(update_fields=["parent"])
        return terms

    def organizations(self):
        organizations = self.existing(Organization)
        for position, row in enumerate(self.package.rows["organization"], start=1):
            organization = organizations.get(row["id"]) or Organization(
                **self.new,
                hsds_id=row["id"],
                category=Organization.Category.OTHER,
                review_status=self.review_status,
                position=position,
            )
            save_changes(
                organization,
                {
                    key: row[key]
                    for key in (
                        "name",
                        "alternate_name",
                        "description",
                        "email",
                        "website",
                        "legal_status",
                    )
                },
                self.result,
            )
            organizations[organization.hsds_id] = organization
        return organizations

    def locations(self, organizations):
        locations = self.existing(Location)
        for row in self.package.rows["location"]:
            location = locations.get(row["id"]) or Location(
                **self.new, hsds_id=row["id"], review_status=self.review_status
            )
            save_changes(
                location,
                {
                    "organization": organizations[row["organization_id"]],
                    "location_type": row["location_type"],
                    "name": row["name"],
                    "description": row["description"],
                    "latitude": _coordinate(row["latitude"]),
                    "longitude": _coordinate(row["longitude"]),
                },
                self.result,
            )
            locations[location.hsds_id] = location
        return locations

    def addresses(self, locations) -> None:
        addresses = self.existing(Address)
        for row in self.package.rows["address"]:
            location = locations[row["location_id"]]
            address = addresses.get(row["id"]) or Address(**self.new, hsds_id=row["id"])
            values = {
                key: row[key]
                for key in (
                    "address_1",
                    "address_2",
                    "city",
                    "region",
                    "state_province",
                    "postal_code",
                    "country",
                    "address_type",
                )
            }
            save_changes(address, {"location": location, **values}, self.result)
            if row["address_type"] == "physical" and row["region"]:
                save_changes(location, {"ward": row["region"]}, self.result)

    def services(self, organizations):
        services = self.existing(Service)
        around_the_clock = self.package.around_the_clock
        for position, row in enumerate(self.package.rows["service"], start=1):
            service = services.get(row["id"]) or Service(
                **self.new, hsds_id=row["id"], review_status=self.review_status, position=position
            )
            values = {
                key: row[key]
                for key in (
                    "name",
                    "alternate_name",
                    "description",
                    "url",
                    "email",
                    "status",
                    "application_process",
                    "fees_description",
                    "eligibility_description",
                )
            }
            values["organization"] = organizations[row["organization_id"]]
            values["last_verified_on"] = row["assured_date"]
            if around_the_clock is not None:
                values["is_24_hours"] = row["id"] in around_the_clock
            save_changes(service, values, self.result)
            services[service.hsds_id] = service
        return services

    def service_at_locations(self, services, locations):
        sals = self.existing(ServiceAtLocation)
        for row in self.package.rows["service_at_location"]:
            sal = sals.get(row["id"]) or ServiceAtLocation(**self.new, hsds_id=row["id"])
            save_changes(
                sal,
                {
                    "service": services[row["service_id"]],
                    "location": locations[row["location_id"]],
                    "description": row["description"],
                },
                self.result,
            )
            sals[sal.hsds_id] = sal
        return sals

    def _owners(self, row, organizations, services, locations, sals) -> dict[str, Any]:
        sal = sals[row["service_at_location_id"]] if row.get("service_at_location_id") else None
        service = services[row["service_id"]] if row["service_id"] else None
        location = locations[row["location_id"]] if row["location_id"] else None
        owners = {
            "service": service or (sal.service if sal else None),
            "location": location or (sal.location if sal else None),
        }
        if organizations is not None:
            owners["organization"] = (
                organizations[row["organization_id"]] if row["organization_id"] else None
            )
        return owners

    def phones(self, organizations, services, locations, sals) -> None:
        phones = self.existing(Phone)
        for position, row in enumerate(self.package.rows["phone"], start=1):
            phone = phones.get(row["id"]) or Phone(**self.new, hsds_id=row["id"])
            values = self._owners(row, organizations, services, locations, sals)
            values.update(
                number=row["number"],
                extension=row["extension"],
                type=row["type"],
                description=row["description"],
            )
            if phone.pk is None:  # HSDS has no order: new numbers follow the file's
                values["position"] = position
            save_changes(phone, values, self.result)

    def schedules(self, services, locations, sals) -> None:
        schedules = self.existing(Schedule)
        for row in self.package.rows["schedule"]:
            if row["derived"]:  # the 24-hour line of a service, written by our export
                self.result.counts["unchanged"] += 1
                continue
            schedule = schedules.get(row["id"]) or Schedule(**self.new, hsds_id=row["id"])
            values = self._owners(row, None, services, locations, sals)
            values.update(
                {
                    key: row[key]
                    for key in (
                        "freq",
                        "byday",
                        "opens_at",
                        "closes_at",
                        "is_24_hours",
                        "valid_from",
                        "valid_to",
                        "description",
                        "notes",
                    )
                }
            )
            save_changes(schedule, values, self.result)

    def attributes(self, services, terms) -> None:
        wanted: dict[uuid.UUID, list] = {}
        for row in self.package.rows["attribute"]:
            wanted.setdefault(row["link_id"], []).append(terms[row["taxonomy_term_id"]])
        listed = {row["id"] for row in self.package.rows["service"]}
        for service_id in listed | set(wanted):
            service = services[service_id]
            current = {term.pk for term in service.terms.all()}
            new_terms = {term.pk for term in wanted.get(service_id, [])}
            target = new_terms if service_id in listed else current | new_terms
            if target != current:
                service.terms.set(target)
                self.result.field_changed(service, "terms", sorted(current), sorted(target))


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))
