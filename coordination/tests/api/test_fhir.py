"""A referral as a FHIR R4 Bundle: every resource validates with fhir.resources (R4B), the
shapes of the SDOH Clinical Care referral, and nothing of a group the referral did not send."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FHIRConsent
from fhir.resources.R4B.organization import Organization as FHIROrganization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from coordination.models import FieldGroup, NeedArea, ReferralReason, ReferralStatus
from coordination.services import consent_withdraw
from coordination.tests.factories import ReferralFactory, member, partner, share
from coordination.tests.factories_api import sent_referral
from core.fields.choice_masks import to_mask
from directory.tests.factories import ServiceFactory

RESOURCES = {
    "Task": Task,
    "ServiceRequest": ServiceRequest,
    "Consent": FHIRConsent,
    "Organization": FHIROrganization,
    "Patient": Patient,
}


def bundle_of(client, user, referral):
    client.force_login(user)
    address = reverse(
        "support_api:referral_fhir",
        kwargs={"lg": referral.local_government.slug, "pk": referral.pk},
    )
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data = response.json()
    Bundle.model_validate(data)
    for entry in data["entry"]:
        RESOURCES[entry["resource"]["resourceType"]].model_validate(entry["resource"])
    return data


def resources(data, kind):
    return [
        entry["resource"] for entry in data["entry"] if entry["resource"]["resourceType"] == kind
    ]


def person_values(person, *fields):
    values = []
    for name in fields:
        value = getattr(person, name)
        values.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return values


def test_a_requested_referral_is_a_task_with_its_service_request_and_consent(client, world):
    service = ServiceFactory(local_government=world.body, organization__local_government=world.body)
    referral = sent_referral(
        world, FieldGroup.BASIC, FieldGroup.CONTACT, area=NeedArea.HOUSING, service=service
    )
    data = bundle_of(client, world.other_user, referral)
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    (task,) = resources(data, "Task")
    (request,) = resources(data, "ServiceRequest")
    (consent,) = resources(data, "Consent")
    (patient,) = resources(data, "Patient")
    assert task["status"] == "requested" and task["intent"] == "order"
    assert task["code"]["coding"][0]["code"] == "fulfill"
    urls = {entry["resource"]["resourceType"]: entry["fullUrl"] for entry in data["entry"]}
    assert task["focus"]["reference"] == urls["ServiceRequest"]
    assert task["for"]["reference"] == urls["Patient"]
    assert task["requester"]["display"] == world.lead.name
    assert task["owner"]["display"] == world.other.name
    assert [note["text"] for note in task["note"]] == ["下書き", "下書き → 依頼中"]
    assert request["status"] == "active"
    assert request["category"][0]["coding"][0]["code"] == "housing"
    assert request["code"]["text"] == service.name
    assert request["supportingInfo"][0]["reference"] == urls["Consent"]
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["provision"]["period"]["start"] == world.consent.valid_from.isoformat()
    actors = {actor["reference"]["display"] for actor in consent["provision"]["actor"]}
    assert actors == {world.lead.name, world.other.name}
    assert [c["code"] for c in consent["provision"]["class"]] == ["basic", "contact", "plan"]
    person = world.case.person
    assert patient["name"][0]["text"] == person.name
    assert patient["identifier"][0]["value"] == person.case_number
    assert patient["telecom"][0]["value"] == person.contact


@pytest.mark.parametrize(
    ("status", "extra", "service_request", "reason", "outcome"),
    [
        (ReferralStatus.COMPLETED, {"outcome": "successful"}, "completed", None, "successful"),
        (
            ReferralStatus.REJECTED,
            {"reason": ReferralReason.NO_CAPACITY},
            "revoked",
            "no_capacity",
            None,
        ),
        (ReferralStatus.ON_HOLD, {}, "on-hold", None, None),
        (ReferralStatus.IN_PROGRESS, {}, "active", None, None),
    ],
)
def test_status_reason_and_outcome(client, world, status, extra, service_request, reason, outcome):
    referral = sent_referral(world, status=status, **extra)
    data = bundle_of(client, world.lead_user, referral)
    (task,) = resources(data, "Task")
    (request,) = resources(data, "ServiceRequest")
    assert task["status"] == status
    assert request["status"] == service_request
    assert task.get("statusReason", {}).get("coding", [{}])[0].get("code") == reason
    output = task.get("output", [{}])[0].get("valueCodeableConcept", {}).get("coding", [{}])[0]
    assert output.get("code") == outcome
    assert task["note"][-1]["text"].endswith("受け入れました（架空）")


def test_nothing_of_a_group_not_sent(client, world):
    """Only the plan group sent: no Patient, not even the case number; no name, kana, birth
    date, contact, legal or health value anywhere in the Bundle."""
    world.consent.scopes.update(groups=31)  # the receiver may see every group
    referral = sent_referral(world, FieldGroup.PLAN)
    text = json.dumps(bundle_of(client, world.other_user, referral), ensure_ascii=False)
    person = world.case.person
    for value in person_values(
        person,
        "case_number",
        "name",
        "name_kana",
        "birth_date",
        "contact",
        "offence_details",
        "health_notes",
    ):
        assert value not in text
    assert '"Patient"' in text  # a reference by an opaque identifier, not a resource
    data = json.loads(text)
    assert not resources(data, "Patient")


def test_basic_sent_holds_no_contact_legal_or_health(client, world):
    world.consent.scopes.update(groups=31)
    referral = sent_referral(world, FieldGroup.BASIC)
    text = json.dumps(bundle_of(client, world.other_user, referral), ensure_ascii=False)
    person = world.case.person
    assert person.name in text
    for value in person_values(person, "contact", "offence_details", "health_notes"):
        assert value not in text


def test_after_withdrawal_the_sender_sees_the_consent_inactive(client, world):
    referral = sent_referral(world, FieldGroup.BASIC)
    consent_withdraw(actor=world.lead_user, consent=world.consent)
    data = bundle_of(client, world.lead_user, referral)
    (consent,) = resources(data, "Consent")
    (task,) = resources(data, "Task")
    assert consent["status"] == "inactive"
    assert task["status"] == "cancelled"
    assert task["statusReason"]["coding"][0]["code"] == "consent_withdrawn"


def test_a_referral_from_a_team_member_names_the_lead_as_the_consent_s_custodian(client, world):
    third = partner(world.body)
    share(world.consent, third, FieldGroup.BASIC)
    referral = ReferralFactory(
        case=world.case,
        from_organization=world.other,
        to_organization=third,
        groups=to_mask(FieldGroup, [FieldGroup.BASIC]),
        status=ReferralStatus.REQUESTED,
    )
    data = bundle_of(client, member(third), referral)
    (consent,) = resources(data, "Consent")
    roles = {
        actor["role"]["coding"][0]["code"]: actor["reference"]["display"]
        for actor in consent["provision"]["actor"]
    }
    assert roles == {"CST": world.lead.name, "IRCP": third.name}
    assert {o["name"] for o in resources(data, "Organization")} == {
        world.lead.name,
        world.other.name,
        third.name,
    }
    (task,) = resources(data, "Task")
    assert task["requester"]["display"] == world.other.name
