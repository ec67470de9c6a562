"""The HSDS 3 API's serializers (directory.api): each resource in the specification's shape,
compact in lists and with its related records in a detail; ids are the records' hsds_id."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from core.web.params import parse_int
from directory.hsds.export import attribute_id, derived_schedule_id
from directory.hsds.schema import KIND_URN, TAXONOMY_DESCRIPTIONS, TZ_SUFFIX
from directory.models import (
    Phone,
    Schedule,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


class HSDSCompactSerializer(serializers.Serializer):
    """Leaves out the values the data does not give (None or ""): an optional field is absent
    rather than empty, and a field HSDS requires is never sent as "" (the data has it; see
    docs/directory.md). `always` names the fields every answer has, the `required` of the
    OpenAPI schema (HSDSCompactSchema)."""

    always: tuple[str, ...] = ("id",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {key: value for key, value in data.items() if value is not None and value != ""}


class HSDSCompactSchema(OpenApiSerializerExtension):
    """The OpenAPI schema of a compact serializer: only its `always` fields are required
    (drf-spectacular would mark every field, read-only ones included)."""

    target_class = HSDSCompactSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        required = [name for name in schema.get("required", []) if name in self.target.always]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema


def _time(value) -> str | None:
    return f"{value:%H:%M}{TZ_SUFFIX}" if value is not None else None


class HSDSTaxonomySerializer(HSDSCompactSerializer):
    always = ("id", "name", "description", "uri")
    id = serializers.UUIDField(source="hsds_id")
    name = serializers.CharField()
    description = serializers.SerializerMethodField()
    uri = serializers.SerializerMethodField()
    version = serializers.CharField()

    def get_description(self, taxonomy: Taxonomy) -> str:
        return taxonomy.description or str(TAXONOMY_DESCRIPTIONS[taxonomy.kind])

    @extend_schema_field(OpenApiTypes.URI)
    def get_uri(self, taxonomy: Taxonomy) -> str:
        return taxonomy.uri or f"{KIND_URN}{taxonomy.kind}"


class HSDSTaxonomyTermSerializer(HSDSCompactSerializer):
    always = (
        "id",
        "code",
        "name",
        "description",
        "taxonomy",
        "taxonomy_id",
        "language",
        "taxonomy_detail",
    )
    id = serializers.UUIDField(source="hsds_id")
    code = serializers.SerializerMethodField(help_text="kind:code, e.g. need:housing")
    name = serializers.CharField()
    description = serializers.CharField()
    parent_id = serializers.UUIDField(source="parent.hsds_id", default=None)
    taxonomy = serializers.CharField(source="taxonomy.name")
    taxonomy_id = serializers.UUIDField(source="taxonomy.hsds_id")
    language = serializers.SerializerMethodField()
    taxonomy_detail = HSDSTaxonomySerializer(source="taxonomy")

    def get_code(self, term: TaxonomyTerm) -> str:
        return f"{term.taxonomy.kind}:{term.code}"

    def get_language(self, term: TaxonomyTerm) -> str:
        return "ja"


class HSDSAttributeSerializer(HSDSCompactSerializer):
    """A service's taxonomy term as an HSDS attribute."""

    always = ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "taxonomy_term")

    id = serializers.SerializerMethodField()
    link_id = serializers.UUIDField(source="hsds_service_id")
    taxonomy_term_id = serializers.UUIDField(source="hsds_id")
    link_type = serializers.CharField(source="taxonomy.kind")
    link_entity = serializers.SerializerMethodField()
    taxonomy_term = HSDSTaxonomyTermSerializer(source="*")

    @extend_schema_field(OpenApiTypes.UUID)
    def get_id(self, term) -> str:
        return str(attribute_id(term.hsds_service_id, term.hsds_id))

    def get_link_entity(self, term) -> str:
        return "service"


class HSDSPhoneSerializer(HSDSCompactSerializer):
    always = ("id", "number", "type")
    id = serializers.UUIDField(source="hsds_id")
    organization_id = serializers.UUIDField(source="organization.hsds_id", default=None)
    service_id = serializers.UUIDField(source="service.hsds_id", default=None)
    location_id = serializers.UUIDField(source="location.hsds_id", default=None)
    number = serializers.CharField()
    extension = serializers.SerializerMethodField()
    type = serializers.CharField()
    description = serializers.CharField()

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_extension(self, phone: Phone) -> int | None:
        return parse_int(phone.extension)


class HSDSScheduleSerializer(HSDSCompactSerializer):
    always = ("id", "timezone", "freq")
    id = serializers.UUIDField(source="hsds_id")
    service_id = serializers.UUIDField(source="service.hsds_id", default=None)
    location_id = serializers.UUIDField(source="location.hsds_id", default=None)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    timezone = serializers.SerializerMethodField()
    freq = serializers.CharField()
    byday = serializers.CharField()
    description = serializers.CharField()
    opens_at = serializers.SerializerMethodField(help_text="HH:MM+09:00")
    closes_at = serializers.SerializerMethodField(help_text="HH:MM+09:00")
    notes = serializers.CharField()

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_timezone(self, schedule) -> int:
        return 9

    def get_opens_at(self, schedule) -> str | None:
        return f"00:00{TZ_SUFFIX}" if schedule.is_24_hours else _time(schedule.opens_at)

    def get_closes_at(self, schedule) -> str | None:
        return f"23:59{TZ_SUFFIX}" if schedule.is_24_hours else _time(schedule.closes_at)


class HSDSAddressSerializer(HSDSCompactSerializer):
    always = (
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    )
    id = serializers.UUIDField(source="hsds_id")
    location_id = serializers.UUIDField(source="location.hsds_id")
    address_1 = serializers.CharField()
    address_2 = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    state_province = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    address_type = serializers.CharField()


class HSDSLocationSerializer(HSDSCompactSerializer):
    always = ("id", "location_type", "organization_id", "addresses", "phones", "schedules")
    id = serializers.UUIDField(source="hsds_id")
    location_type = serializers.CharField()
    organization_id = serializers.UUIDField(source="organization.hsds_id")
    name = serializers.CharField()
    description = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    addresses = HSDSAddressSerializer(many=True)
    phones = HSDSPhoneSerializer(many=True)
    schedules = HSDSScheduleSerializer(many=True)


class HSDSServiceAtLocationSerializer(HSDSCompactSerializer):
    always = ("id", "service_id", "location_id", "location")
    id = serializers.UUIDField(source="hsds_id")
    service_id = serializers.UUIDField(source="service.hsds_id")
    location_id = serializers.UUIDField(source="location.hsds_id")
    description = serializers.CharField()
    location = HSDSLocationSerializer()


class HSDSOrganizationSerializer(HSDSCompactSerializer):
    always = ("id", "name", "description")
    id = serializers.UUIDField(source="hsds_id")
    name = serializers.CharField()
    alternate_name = serializers.CharField()
    description = serializers.CharField()
    email = serializers.EmailField()
    website = serializers.URLField()
    legal_status = serializers.CharField()


class HSDSServiceSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="hsds_id")
    name = serializers.CharField()


class HSDSOrganizationDetailSerializer(HSDSOrganizationSerializer):
    always = (*HSDSOrganizationSerializer.always, "phones", "locations", "services")
    phones = HSDSPhoneSerializer(many=True)
    locations = HSDSLocationSerializer(many=True)
    services = HSDSServiceSummarySerializer(
        many=True, help_text="the organization's public services"
    )


class HSDSServiceSerializer(HSDSCompactSerializer):
    always = ("id", "organization_id", "name", "status", "last_modified")
    id = serializers.UUIDField(source="hsds_id")
    organization_id = serializers.UUIDField(source="organization.hsds_id")
    name = serializers.CharField()
    alternate_name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.URLField()
    email = serializers.EmailField()
    status = serializers.CharField()
    application_process = serializers.CharField()
    fees_description = serializers.CharField()
    eligibility_description = serializers.CharField()
    assured_date = serializers.DateField(source="last_verified_on")
    last_modified = serializers.DateTimeField(source="updated_at")


class HSDSServiceDetailSerializer(HSDSServiceSerializer):
    always = (
        *HSDSServiceSerializer.always,
        "organization",
        "phones",
        "schedules",
        "service_at_locations",
        "attributes",
    )
    organization = HSDSOrganizationSerializer()
    phones = HSDSPhoneSerializer(many=True)
    schedules = serializers.SerializerMethodField()
    service_at_locations = HSDSServiceAtLocationSerializer(many=True)
    attributes = serializers.SerializerMethodField()

    @extend_schema_field(HSDSScheduleSerializer(many=True))
    def get_schedules(self, service: Service) -> list[dict[str, Any]]:
        schedules = list(service.schedules.all())
        if service.is_24_hours and not any(s.is_24_hours for s in schedules):
            # As in the tabular export: HSDS keeps 24-hour opening in a schedule.
            schedules.append(
                Schedule(
                    hsds_id=derived_schedule_id(service.hsds_id),
                    service=service,
                    is_24_hours=True,
                    description=_("24時間"),
                )
            )
        return HSDSScheduleSerializer(schedules, many=True).data

    @extend_schema_field(HSDSAttributeSerializer(many=True))
    def get_attributes(self, service: Service) -> list[dict[str, Any]]:
        terms = list(service.terms.all())
        for term in terms:
            term.hsds_service_id = service.hsds_id
        return HSDSAttributeSerializer(terms, many=True).data
