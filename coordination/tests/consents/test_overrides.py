"""The emergency override: asked after re-authentication with a written reason, in force only
once a second person of the lead organization approves, for TSUNAGU_OVERRIDE_HOURS, then
reviewed by the secretariat; every step audited, the reason never in the audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import reauthenticate
from coordination import access
from coordination.consents import services
from coordination.consents.flags import home_flags
from coordination.models import ConsentOverride, FieldGroup
from coordination.tests.factories import ConsentFactory
from core.testing.audit import assert_audited

REASON = "本人が自傷のおそれ。保健所に連絡が必要（架空）"


def request_url(case):
    return reverse("consents:override_request", kwargs={"pk": case.pk})


def approve_url(override):
    return reverse("consents:override_approve", kwargs={"pk": override.pk})


def ask(body, **overrides):
    values = {
        "organization": body.department,
        "groups": [FieldGroup.BASIC, FieldGroup.CONTACT],
        "reason": REASON,
    } | overrides
    return services.override_request(actor=body.lead_user, case=body.case, **values)


class TestRequest:
    def test_asks_reauthentication_then_records_a_pending_override(self, client, body):
        client.force_login(body.lead_user)
        first = client.get(request_url(body.case))
        assert first.status_code == 302 and "reauth" in first["Location"]
        reauthenticate(client)
        form = client.get(request_url(body.case)).context["form"]
        choices = set(form.fields["organization"].queryset.values_list("pk", flat=True))
        assert body.department.pk in choices and body.other.pk in choices
        assert body.employer.pk not in choices and body.lead.pk not in choices
        response = client.post(
            request_url(body.case),
            {"organization": body.department.pk, "groups": ["basic"], "reason": REASON},
        )
        assert response.status_code == 302
        override = ConsentOverride.objects.get()
        assert override.status == ConsentOverride.Status.PENDING
        assert override.reason == REASON and override.requested_by == body.lead_user
        assert not access.can_read_case(body.department_user, body.case)  # not yet
        entry = assert_audited(
            action="coordination.override.request",
            actor=body.lead_user,
            obj=override,
            changes={
                "case": str(body.case),
                "organization": str(body.department),
                "groups": ["basic"],
                "reason_given": True,
            },
        )
        assert REASON not in str(entry.changes)

    def test_no_reason_or_no_group_is_refused_and_nothing_saved(self, client, body):
        client.force_login(body.lead_user)
        reauthenticate(client)
        response = client.post(
            request_url(body.case), {"organization": body.department.pk, "groups": ["basic"]}
        )
        assert response.status_code == 400
        response = client.post(
            request_url(body.case), {"organization": body.employer.pk, "reason": REASON}
        )
        assert response.status_code == 400
        assert not ConsentOverride.objects.exists()

    def test_a_team_member_who_does_not_lead_is_refused_before_reauthentication(self, client, body):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        consent.scopes.create(organization=body.other, groups=1)
        client.force_login(body.other_user)
        assert client.get(request_url(body.case)).status_code == 403


class TestDecide:
    def test_the_requester_cannot_approve_their_own(self, client, body):
        override = ask(body)
        client.force_login(body.lead_user)
        reauthenticate(client)
        assert client.get(approve_url(override)).status_code == 403
        assert client.post(approve_url(override), {"decision": "approve"}).status_code == 403
        with pytest.raises(ValidationError):
            services.override_decide(actor=body.lead_user, override=override, approve=True)
        override.refresh_from_db()
        assert override.status == ConsentOverride.Status.PENDING

    def test_a_second_person_approves_and_the_organization_joins_for_72_hours(self, client, body):
        override = ask(body)
        client.force_login(body.second_lead_user)
        assert client.get(approve_url(override)).status_code == 302  # re-authentication
        reauthenticate(client)
        page = client.get(approve_url(override))
        assert REASON in page.content.decode()
        before = timezone.now()
        response = client.post(approve_url(override), {"decision": "approve"})
        assert response.status_code == 302
        override.refresh_from_db()
        assert override.status == ConsentOverride.Status.ACTIVE
        assert override.approved_by == body.second_lead_user
        expected = before + datetime.timedelta(hours=72)
        assert abs((override.expires_at - expected).total_seconds()) < 60
        assert access.visible_groups(body.department_user, body.case) == ["basic", "contact"]
        later = override.expires_at + datetime.timedelta(seconds=1)
        assert not access.can_read_case(body.department_user, body.case, now=later)
        assert_audited(
            action="coordination.override.approve",
            actor=body.second_lead_user,
            obj=override,
            changes_include={"status": "active"},
        )

    def test_the_setting_sets_how_long(self, body, settings):
        settings.TSUNAGU_OVERRIDE_HOURS = 4
        override = ask(body)
        now = timezone.now()
        override = services.override_decide(
            actor=body.second_lead_user, override=override, approve=True, now=now
        )
        assert override.expires_at == now + datetime.timedelta(hours=4)

    def test_a_refusal_never_opens_the_case(self, body):
        override = ask(body)
        override = services.override_decide(
            actor=body.second_lead_user, override=override, approve=False
        )
        assert override.status == ConsentOverride.Status.REFUSED
        assert not access.can_read_case(body.department_user, body.case)
        with pytest.raises(ValidationError):
            services.override_decide(actor=body.second_lead_user, override=override, approve=True)
        assert_audited(
            action="coordination.override.refuse",
            actor=body.second_lead_user,
            obj=override,
            local_government=body.case.local_government_id,
            changes={
                "case": str(body.case),
                "organization": str(override.organization),
                "status": ConsentOverride.Status.REFUSED,
                "expires_at": None,
            },
        )


class TestReview:
    def test_the_secretariat_lists_and_reviews_and_it_stays_in_force(self, client, body):
        override = services.override_decide(
            actor=body.second_lead_user, override=ask(body), approve=True
        )
        client.force_login(body.secretariat)
        listing = client.get(reverse("consents:overrides"))
        html = listing.content.decode()
        assert body.case.person.case_number in html and body.department.name in html
        assert REASON not in html  # the reason is read on the review page only
        review = reverse("consents:override_review", kwargs={"pk": override.pk})
        assert REASON in client.get(review).content.decode()
        assert client.post(review, {"note": ""}).status_code == 400
        response = client.post(review, {"note": "必要な範囲だった（架空）"})
        assert response.status_code == 302
        override.refresh_from_db()
        assert override.status == ConsentOverride.Status.REVIEWED
        assert override.reviewed_by == body.secretariat and override.is_in_force()
        assert access.can_read_case(body.department_user, body.case)
        assert_audited(
            action="coordination.override.review",
            actor=body.secretariat,
            obj=override,
            changes={"case": str(body.case), "status": "reviewed", "note_given": True},
        )

    def test_a_pending_override_cannot_be_reviewed(self, body):
        with pytest.raises(ValidationError):
            services.override_review(actor=body.secretariat, override=ask(body), note="x")


class TestFlags:
    def test_flags_for_the_lead_the_second_person_and_the_secretariat(self, body):
        today = timezone.localdate()
        ConsentFactory(
            case=body.case, taken_by=body.lead_user, valid_until=today + datetime.timedelta(days=7)
        )
        override = ask(body)

        def counts(user):
            return {flag.label: (flag.count, flag.url) for flag in home_flags(user)}

        requester = counts(body.lead_user)
        assert requester["期限が30日以内の同意"] == (1, reverse("consents:expiring"))
        assert "あなたの承認を待っている緊急時の閲覧" not in requester  # never one's own
        second = counts(body.second_lead_user)
        assert second["あなたの承認を待っている緊急時の閲覧"] == (1, approve_url(override))
        assert "あなたの承認を待っている緊急時の閲覧" not in counts(body.other_user)
        services.override_decide(actor=body.second_lead_user, override=override, approve=True)
        secretariat = counts(body.secretariat)
        assert secretariat["事後確認を待っている緊急時の閲覧"][0] == 1
