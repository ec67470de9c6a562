"""Helpers shared by the test modules of this folder."""

import datetime

from core.models import LocalGovernment
from core.roles import Role
from directory.back_office import entry_values
from directory.models import ChangeRequest, Service, Taxonomy
from directory.tests import factories as f

PASSWORD = "correct horse battery staple"


def partner_of(city):
    return city.users[Role.PARTNER]


def secretariat_of(city):
    return city.users[Role.SECRETARIAT]


def kept_organization(city, **extra):
    """A directory organization kept by the city's partner user."""
    return f.OrganizationFactory(
        local_government=city.lg, maintainer=partner_of(city).organization, **extra
    )


def phone_service(organization, number="096-000-1111", **extra):
    service = f.ServiceFactory(organization=organization, **extra)
    f.PhoneFactory(local_government=service.local_government, service=service, number=number)
    f.ScheduleFactory(
        local_government=service.local_government,
        service=service,
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    return service


def need(city, code="housing", name="住まい"):
    taxonomy = f.TaxonomyFactory(local_government=city.lg, kind=Taxonomy.Kind.NEED)
    return f.TaxonomyTermFactory(taxonomy=taxonomy, code=code, name=name)


def revision(local_government) -> int:
    return LocalGovernment.objects.get(pk=local_government.pk).content_revision


def service_post(values: dict, **overrides) -> dict:
    """The POST data of the service form (with its phone and hours form sets)."""
    values = {**values, **overrides}
    data = {
        name: values.get(name, "")
        for name in (
            "name",
            "summary",
            "internal_note",
            "area",
            "description",
            "plain_description",
            "eligibility_description",
            "application_process",
            "fees_description",
            "url",
            "email",
        )
    }
    data["status"] = values.get("status", "active")
    data["reach"] = values.get("reach", "person")  # the secretariat's form (ignored otherwise)
    data["area_wards"] = values.get("area_wards", [])
    if values.get("is_general_window"):
        data["is_general_window"] = "on"
    if values.get("review_status"):
        data["review_status"] = values["review_status"]
    if values.get("is_24_hours"):
        data["is_24_hours"] = "on"
    terms = values.get("terms", [])
    for kind, field in (("need", "needs"), ("audience", "audiences"), ("situation", "situations")):
        data[field] = [key for key in terms if key.startswith(f"{kind}:")]
    phones = values.get("phones", [])
    data.update(
        {
            "phones-TOTAL_FORMS": str(len(phones)),
            "phones-INITIAL_FORMS": "0",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "5",
        }
    )
    for i, phone in enumerate(phones):
        data[f"phones-{i}-number"] = phone["number"]
        data[f"phones-{i}-extension"] = phone.get("extension", "")
        data[f"phones-{i}-type"] = phone.get("type", "voice")
        data[f"phones-{i}-description"] = phone.get("description", "")
    schedules = values.get("schedules", [])
    data.update(
        {
            "schedules-TOTAL_FORMS": str(len(schedules)),
            "schedules-INITIAL_FORMS": "0",
            "schedules-MIN_NUM_FORMS": "0",
            "schedules-MAX_NUM_FORMS": "5",
        }
    )
    for i, row in enumerate(schedules):
        data[f"schedules-{i}-days"] = [day for day in row["byday"].split(",") if day]
        data[f"schedules-{i}-opens_at"] = row["opens_at"]
        data[f"schedules-{i}-closes_at"] = row["closes_at"]
        data[f"schedules-{i}-notes"] = row.get("notes", "")
    return data


def current_values(service):
    return entry_values.service_values(Service.objects.get(pk=service.pk))


PENDING, APPROVED, REJECTED = (
    ChangeRequest.State.PENDING,
    ChangeRequest.State.APPROVED,
    ChangeRequest.State.REJECTED,
)
