"""A referral as HL7 FHIR R4 resources (SDOH Clinical Care referral shapes), for the API's
`referrals/<id>/fhir/` (docs/support-coordination/api.md).

The Bundle (type `collection`) holds:

- the referral as a `Task` (SDOHCC Task for Referral Management): intent `order`, code
  `fulfill`, our status (the referral statuses are the Task status codes), `focus` the
  ServiceRequest, `requester` / `owner` the sending / receiving Organization, `statusReason` the
  reason of a rejection or failure, `output` the outcome of a completion, and the history as
  `note`s (one per status change);
- its `ServiceRequest` (status mapped from the Task, category the area of need, code the
  service's name, `supportingInfo` the Consent);
- the `Consent`s that cover the receiver (active while in force, else inactive), with only the
  lead (custodian, who recorded it) and the receiver (recipient) as actors (the other
  organizations of the case team stay out: who else supports the person says something about
  them);
- the `Organization`s (sender, receiver, lead), and a `Patient` only when the referral sends
  the basic group.

Nothing of a field group the referral did not send goes in: the Patient is referred to by an
opaque identifier (the case's id in the body) unless the basic group is sent, and the contact
only with the contact group. `values` is what `coordination.services.case_read` returned for
the groups sent (the caller logs the read); this module reads no personal field itself.
"""

from __future__ import annotations

import uuid

from coordination.models import (
    Consent,
    FieldGroup,
    NeedArea,
    Referral,
    ReferralReason,
    ReferralStatus,
)
from core.fields.choice_masks import bit, from_mask

SDOHCC = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition"
TASK_PROFILE = f"{SDOHCC}/SDOHCC-TaskForReferralManagement"
SERVICE_REQUEST_PROFILE = f"{SDOHCC}/SDOHCC-ServiceRequest"
CONSENT_PROFILE = f"{SDOHCC}/SDOHCC-Consent"
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
NAME_REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"
# Our own code systems (URNs: no public terminology server serves them).
SYSTEM = "urn:tsunagu"
AREA_SYSTEM = f"{SYSTEM}:need-area"
REASON_SYSTEM = f"{SYSTEM}:referral-reason"
OUTCOME_SYSTEM = f"{SYSTEM}:referral-outcome"
BASIS_SYSTEM = f"{SYSTEM}:consent-basis"
GROUP_SYSTEM = f"{SYSTEM}:field-group"

# The ServiceRequest's status for each Task status.
SERVICE_REQUEST_STATUS = {
    ReferralStatus.DRAFT: "draft",
    ReferralStatus.REQUESTED: "active",
    ReferralStatus.ACCEPTED: "active",
    ReferralStatus.IN_PROGRESS: "active",
    ReferralStatus.ON_HOLD: "on-hold",
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.REJECTED: "revoked",
    ReferralStatus.FAILED: "revoked",
    ReferralStatus.CANCELLED: "revoked",
    ReferralStatus.ENTERED_IN_ERROR: "entered-in-error",
}
BASIC = bit(FieldGroup, FieldGroup.BASIC)
CONTACT = bit(FieldGroup, FieldGroup.CONTACT)


def _urn(local_government, kind: str, pk) -> str:
    """A stable urn:uuid for one of our records (the Bundle's fullUrl and references)."""
    name = f"tsunagu:{local_government.slug}:{kind}:{pk}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _instant(value) -> str | None:
    return value.isoformat() if value else None


def _organization_ref(referral: Referral, organization) -> dict:
    return {
        "reference": _urn(referral.local_government, "organization", organization.pk),
        "type": "Organization",
        "display": organization.name,
    }


def _patient_ref(referral: Referral) -> dict:
    if referral.groups & BASIC:
        return {
            "reference": _urn(referral.local_government, "patient", referral.case_id),
            "type": "Patient",
        }
    # Not even the case number (it belongs to the basic group): an opaque id of the case.
    return {
        "type": "Patient",
        "identifier": {
            "system": f"{SYSTEM}:{referral.local_government.slug}:case",
            "value": str(referral.case_id),
        },
    }


def _reason_concept(referral: Referral, labels: dict[str, str]) -> dict:
    label = str(
        labels.get(referral.reason)
        or dict(ReferralReason.choices).get(referral.reason, referral.reason)
    )
    return {
        "coding": [{"system": REASON_SYSTEM, "code": referral.reason, "display": label}],
        "text": label,
    }


def task(referral: Referral, events, reason_labels: dict[str, str] | None = None) -> dict:
    resource = {
        "resourceType": "Task",
        "id": f"referral-{referral.pk}",
        "meta": {"profile": [TASK_PROFILE], "lastUpdated": _instant(referral.updated_at)},
        "status": referral.status,
        "businessStatus": {"text": str(referral.get_status_display())},
        "intent": "order",
        "code": {"coding": [{"system": TASK_CODE_SYSTEM, "code": "fulfill"}]},
        "focus": {
            "reference": _urn(referral.local_government, "service-request", referral.pk),
            "type": "ServiceRequest",
        },
        "for": _patient_ref(referral),
        "authoredOn": _instant(referral.created_at),
        "lastModified": _instant(referral.updated_at),
        "requester": _organization_ref(referral, referral.from_organization),
        "owner": _organization_ref(referral, referral.to_organization),
    }
    if referral.reason:
        resource["statusReason"] = _reason_concept(referral, reason_labels or {})
    if referral.outcome:
        label = str(referral.get_outcome_display())
        resource["output"] = [
            {
                "type": {"text": "結果"},  # i18n-data: the output's name in the exchange
                "valueCodeableConcept": {
                    "coding": [
                        {"system": OUTCOME_SYSTEM, "code": referral.outcome, "display": label}
                    ],
                    "text": label,
                },
            }
        ]
    notes = []
    for event in events:
        before = ReferralStatus(event.from_status).label if event.from_status else ""
        text = f"{before} → {ReferralStatus(event.to_status).label}".strip(" →")
        if event.note:
            text = f"{text}: {event.note}"
        notes.append({"time": _instant(event.at), "text": text})
    if notes:
        resource["note"] = notes
    return resource


def service_request(referral: Referral, consents: list[Consent]) -> dict:
    resource = {
        "resourceType": "ServiceRequest",
        "id": f"referral-{referral.pk}",
        "meta": {"profile": [SERVICE_REQUEST_PROFILE]},
        "status": SERVICE_REQUEST_STATUS[ReferralStatus(referral.status)],
        "intent": "order",
        "subject": _patient_ref(referral),
        "authoredOn": _instant(referral.created_at),
        "requester": _organization_ref(referral, referral.from_organization),
        "performer": [_organization_ref(referral, referral.to_organization)],
    }
    if referral.area:
        label = str(NeedArea(referral.area).label)
        resource["category"] = [
            {"coding": [{"system": AREA_SYSTEM, "code": referral.area, "display": label}]}
        ]
    code_text = referral.service.name if referral.service_id else referral.to_organization.name
    resource["code"] = {"text": code_text}
    if referral.purpose:
        resource["reasonCode"] = [{"text": referral.purpose}]
    if consents:
        resource["supportingInfo"] = [
            {"reference": _urn(referral.local_government, "consent", consent.pk), "type": "Consent"}
            for consent in consents
        ]
    return resource


def consent(referral: Referral, record: Consent, now) -> dict:
    lg = referral.local_government
    groups = 0
    for scope in record.scopes.all():
        if scope.organization_id == referral.to_organization_id:
            groups |= scope.groups
    lead = referral.case.lead_organization
    actors = [
        {
            "role": {"coding": [{"system": PARTICIPATION, "code": "CST", "display": "custodian"}]},
            "reference": _organization_ref(referral, lead),
        },
        {
            "role": {"coding": [{"system": PARTICIPATION, "code": "IRCP", "display": "recipient"}]},
            "reference": _organization_ref(referral, referral.to_organization),
        },
    ]
    return {
        "resourceType": "Consent",
        "id": f"consent-{record.pk}",
        "meta": {"profile": [CONSENT_PROFILE]},
        "status": "active" if record.is_in_force(now) else "inactive",
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [
            {"coding": [{"system": LOINC, "code": "59284-0", "display": "Patient Consent"}]},
            {
                "coding": [
                    {
                        "system": BASIS_SYSTEM,
                        "code": record.basis,
                        "display": str(record.get_basis_display()),
                    }
                ]
            },
        ],
        "patient": _patient_ref(referral),
        "dateTime": record.given_on.isoformat(),
        "organization": [_organization_ref(referral, lead)],
        "policyRule": {
            "coding": [{"system": BASIS_SYSTEM, "code": record.basis}],
            "text": str(record.get_basis_display()),
        },
        "provision": {
            "type": "permit",
            "period": {
                "start": record.valid_from.isoformat(),
                "end": record.valid_until.isoformat(),
            },
            "actor": actors,
            "class": [
                {"system": GROUP_SYSTEM, "code": group} for group in from_mask(FieldGroup, groups)
            ],
        },
        "_urn": _urn(lg, "consent", record.pk),
    }


def organization(referral: Referral, record) -> dict:
    return {
        "resourceType": "Organization",
        "id": f"organization-{record.pk}",
        "active": True,
        "name": record.name,
        "_urn": _urn(referral.local_government, "organization", record.pk),
    }


def patient(referral: Referral, values: dict) -> dict | None:
    """The Patient, only when the basic group is sent (and the contact only with its group)."""
    basic = values.get(FieldGroup.BASIC)
    if not basic:
        return None
    lg = referral.local_government
    resource = {
        "resourceType": "Patient",
        "id": f"case-{referral.case_id}",
        "identifier": [
            {"system": f"{SYSTEM}:{lg.slug}:case-number", "value": basic["case_number"]}
        ],
        "name": [
            {
                "extension": [{"url": NAME_REPRESENTATION, "valueCode": "IDE"}],
                "use": "official",
                "text": basic["name"],
            },
            {
                "extension": [{"url": NAME_REPRESENTATION, "valueCode": "SYL"}],
                "use": "official",
                "text": basic["name_kana"],
            },
        ],
        "_urn": _urn(lg, "patient", referral.case_id),
    }
    if basic.get("birth_date"):
        resource["birthDate"] = basic["birth_date"].isoformat()
    if basic.get("ward"):
        resource["address"] = [{"district": basic["ward"]}]
    contact = (values.get(FieldGroup.CONTACT) or {}).get("contact")
    if contact:
        resource["telecom"] = [{"system": "other", "value": contact}]
    return resource


def covering_consents(referral: Referral, now) -> list[Consent]:
    """The consents that name the receiver: those in force, else the latest one (inactive)."""
    records = list(
        Consent.objects.filter(
            case_id=referral.case_id, scopes__organization_id=referral.to_organization_id
        )
        .prefetch_related("scopes")
        .order_by("-valid_from", "-pk")
        .distinct()
    )
    in_force = [record for record in records if record.is_in_force(now)]
    return in_force or records[:1]


def bundle(referral: Referral, *, values: dict, events, now, reason_labels=None) -> dict:
    """The Bundle of the referral. `values`: case_read's {group: {field: value}} of the groups
    the referral sends (and the reader sees)."""
    lg = referral.local_government
    consents = covering_consents(referral, now)
    resources = [
        (_urn(lg, "task", referral.pk), task(referral, events, reason_labels)),
        (_urn(lg, "service-request", referral.pk), service_request(referral, consents)),
    ]
    for record in consents:
        resources.append(_split(consent(referral, record, now)))
    for record in {
        record.pk: record
        for record in (
            referral.from_organization,
            referral.to_organization,
            referral.case.lead_organization,
        )
    }.values():
        resources.append(_split(organization(referral, record)))
    person = patient(referral, values)
    if person is not None:
        resources.append(_split(person))
    return {
        "resourceType": "Bundle",
        "id": f"referral-{referral.pk}",
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in resources],
    }


def _split(resource: dict) -> tuple[str, dict]:
    url = resource.pop("_urn")
    return url, resource
