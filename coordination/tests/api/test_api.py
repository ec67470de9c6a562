"""The support API: who gets which cases and referrals, which fields, and that every read of a
person's fields is logged (coordination/api.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from coordination.models import FieldGroup, ReferralStatus
from coordination.services import READ_KIND, consent_withdraw
from coordination.tests.factories import CaseFactory, member, partner
from coordination.tests.factories_api import sent_referral
from core.models import AuditEntry
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory

LEGAL_AND_HEALTH = {
    "legal_status",
    "legal_status_since",
    "legal_status_until",
    "offences",
    "offence_details",
    "characteristics",
    "health_notes",
}


def url(world, name, pk=None):
    kwargs = {"lg": world.body.slug} | ({"pk": pk} if pk is not None else {})
    return reverse(f"support_api:{name}", kwargs=kwargs)


def get(client, user, address, **params):
    client.force_login(user)
    return client.get(address, params)


def reads(case):
    return AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ, object_id=str(case.pk), changes__kind=READ_KIND
    )


class TestCases:
    def test_the_list_holds_the_team_s_cases_and_no_personal_value(self, client, world):
        CaseFactory(person__local_government=world.body)  # led by another organization
        data = get(client, world.other_user, url(world, "case_list")).json()
        assert [row["id"] for row in data["results"]] == [world.case.pk]
        text = str(data)
        assert world.case.person.name not in text
        assert world.case.person.case_number not in text
        assert data["results"][0]["lead_organization"]["id"] == world.lead.pk

    def test_an_organization_outside_every_team_gets_an_empty_list(self, client, world):
        outsider = member(partner(world.body))
        assert get(client, outsider, url(world, "case_list")).json()["count"] == 0

    def test_the_lead_reads_every_group_and_the_read_is_logged(self, client, world):
        response = get(client, world.lead_user, url(world, "case_detail", world.case.pk))
        assert response.status_code == 200
        data = response.json()
        assert data["groups"] == FieldGroup.values
        person = world.case.person
        assert data["person"]["name"] == person.name
        assert data["person"]["offence_details"] == person.offence_details
        assert data["person"]["birth_date"] == person.birth_date.isoformat()
        entry = reads(world.case).get()
        assert entry.actor == world.lead_user
        assert entry.changes["fields"] == FieldGroup.values

    def test_a_team_member_gets_its_groups_only_the_others_absent(self, client, world):
        data = get(client, world.other_user, url(world, "case_detail", world.case.pk)).json()
        assert data["groups"] == ["basic", "contact", "plan"]
        assert data["person"]["contact"] == world.case.person.contact
        assert not LEGAL_AND_HEALTH & set(data["person"])  # absent, not null
        assert reads(world.case).get().changes["fields"] == ["basic", "contact", "plan"]

    def test_a_volunteer_of_a_covered_organization_never_sees_legal_or_health(self, client, world):
        consent = world.consent
        consent.scopes.update(groups=31)  # every group for world.other
        volunteer = member(world.other, Role.VOLUNTEER)
        data = get(client, volunteer, url(world, "case_detail", world.case.pk)).json()
        assert data["groups"] == ["basic", "contact", "plan"]
        assert not LEGAL_AND_HEALTH & set(data["person"])

    def test_withdrawn_consent_another_organization_or_body_get_404(self, client, world):
        address = url(world, "case_detail", world.case.pk)
        assert get(client, member(partner(world.body)), address).status_code == 404
        elsewhere = member(OrganizationFactory(local_government=LocalGovernmentFactory()))
        assert get(client, elsewhere, address).status_code == 404
        assert get(client, elsewhere, url(world, "case_list")).status_code == 404
        consent_withdraw(actor=world.lead_user, consent=world.consent)
        assert get(client, world.other_user, address).status_code == 404
        assert not reads(world.case).exists()  # refused: nothing read, nothing logged

    def test_an_expired_consent_is_404_too(self, client, world):
        world.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        world.consent.save()
        address = url(world, "case_detail", world.case.pk)
        assert get(client, world.other_user, address).status_code == 404

    def test_roles_that_never_see_a_case_get_403(self, client, world):
        for role in (Role.EMPLOYER, Role.HOUSING_PROVIDER):
            user = member(partner(world.body), role)
            assert get(client, user, url(world, "case_list")).status_code == 403
        client.logout()
        assert client.get(url(world, "case_list")).status_code == 403


class TestReferrals:
    def test_lists_sent_and_received_but_never_the_receiver_s_drafts(self, client, world):
        sent = sent_referral(world)
        draft = sent_referral(world, status=ReferralStatus.DRAFT)
        lead_list = get(client, world.lead_user, url(world, "referral_list")).json()
        assert {row["id"] for row in lead_list["results"]} == {sent.pk, draft.pk}
        assert {row["direction"] for row in lead_list["results"]} == {"sent"}
        received = get(client, world.other_user, url(world, "referral_list")).json()
        assert [row["id"] for row in received["results"]] == [sent.pk]
        assert received["results"][0]["direction"] == "received"
        assert world.case.person.name not in str(received)

    def test_filters_and_bad_filters(self, client, world):
        sent = sent_referral(world)
        sent_referral(world, status=ReferralStatus.DRAFT)
        address = url(world, "referral_list")
        data = get(client, world.lead_user, address, status="requested").json()
        assert [row["id"] for row in data["results"]] == [sent.pk]
        assert get(client, world.other_user, address, box="sent").json()["count"] == 0
        assert get(client, world.other_user, address, box="received").json()["count"] == 1
        assert get(client, world.lead_user, address, box="all").status_code == 400
        assert get(client, world.lead_user, address, status="open").status_code == 400

    def test_the_receiver_reads_the_groups_sent_only_and_it_is_logged(self, client, world):
        referral = sent_referral(world, FieldGroup.BASIC)  # contact is consented, not sent
        data = get(client, world.other_user, url(world, "referral_detail", referral.pk)).json()
        assert data["person"]["name"] == world.case.person.name
        assert "contact" not in data["person"]
        assert not LEGAL_AND_HEALTH & set(data["person"])
        assert [event["to_status"] for event in data["history"]] == ["draft", "requested"]
        assert reads(world.case).get().changes["fields"] == ["basic"]

    def test_a_referral_sending_only_the_plan_reads_no_person_field(self, client, world):
        referral = sent_referral(world, FieldGroup.PLAN)
        data = get(client, world.other_user, url(world, "referral_detail", referral.pk)).json()
        assert data["person"] == {}

    def test_after_withdrawal_the_receiver_gets_404_the_sender_still_reads(self, client, world):
        referral = sent_referral(world, FieldGroup.BASIC)
        consent_withdraw(actor=world.lead_user, consent=world.consent)
        for name in ("referral_detail", "referral_fhir"):
            address = url(world, name, referral.pk)
            assert get(client, world.other_user, address).status_code == 404
            assert get(client, world.lead_user, address).status_code == 200

    def test_outsiders_get_404(self, client, world):
        referral = sent_referral(world)
        draft = sent_referral(world, status=ReferralStatus.DRAFT)
        for name in ("referral_detail", "referral_fhir"):
            # another organization of the body; the receiver of a draft
            assert (
                get(client, member(partner(world.body)), url(world, name, referral.pk)).status_code
                == 404
            )
            assert get(client, world.other_user, url(world, name, draft.pk)).status_code == 404
        elsewhere = member(OrganizationFactory(local_government=LocalGovernmentFactory()))
        assert get(client, elsewhere, url(world, "referral_list")).status_code == 404

    def test_post_is_refused(self, client, world):
        referral = sent_referral(world)
        client.force_login(world.lead_user)
        assert client.post(url(world, "referral_detail", referral.pk)).status_code == 405


@pytest.mark.django_db
def test_the_schema_documents_the_endpoints_without_warnings(client):
    import yaml
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = yaml.safe_load(client.get(reverse("api_schema")).content)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    for path in (
        "/api/v1/{lg}/support/cases/",
        "/api/v1/{lg}/support/cases/{id}/",
        "/api/v1/{lg}/support/referrals/",
        "/api/v1/{lg}/support/referrals/{id}/",
        "/api/v1/{lg}/support/referrals/{id}/fhir/",
    ):
        assert path in schema["paths"]
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/{lg}/support/referrals/"]["get"]["parameters"]
    }
    assert {"box", "status", "area", "limit", "offset"} <= parameters


def test_the_lists_ask_the_same_number_of_queries_for_one_row_or_many(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coordination.tests.factories import ConsentFactory, share

    client.force_login(world.other_user)

    def count(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world, name)).status_code == 200
        return len(captured)

    sent_referral(world)
    few = {name: count(name) for name in ("case_list", "referral_list")}
    for _ in range(4):
        case = CaseFactory(person__local_government=world.body, lead_organization=world.lead)
        share(ConsentFactory(case=case), world.other, FieldGroup.BASIC)
        sent_referral(world)
    assert {name: count(name) for name in few} == few
