"""The referral screens of a case and of one referral: who sees what, the form's rules, the
receiver's logged read, the status changes (bad input re-renders, never 500)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from coordination import services as coordination_services
from coordination.models import FieldGroup, Referral, ReferralStatus
from coordination.tests.factories import member, partner, share
from coordination.tests.factories_referrals import sent_referral
from core.audit import SENSITIVE_READ
from core.models import AuditEntry
from core.roles import Role
from directory.tests.factories import ServiceFactory

S = ReferralStatus


def _reads(case, purpose):
    return AuditEntry.objects.filter(
        action=SENSITIVE_READ, object_id=str(case.pk), changes__purpose=purpose
    )


# --- the case's tab --------------------------------------------------------------------------


def test_the_case_tab_lists_the_lead_all_and_a_member_its_own(client, world):
    third = partner(world.body)
    share(world.consent, third, FieldGroup.BASIC)
    mine = sent_referral(
        world.case, world.other, release_date=timezone.localdate() + datetime.timedelta(days=12)
    )
    theirs = sent_referral(world.case, third, days_ago=30)
    client.force_login(world.lead_user)
    page = client.get(reverse("referrals:for_case", kwargs={"pk": world.case.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("referrals:detail", kwargs={"pk": mine.pk}) in html
    assert reverse("referrals:detail", kwargs={"pk": theirs.pk}) in html
    assert "あと12日" in html
    assert "回答なし5日超" in html  # theirs, overdue
    client.force_login(world.other_user)
    html = client.get(reverse("referrals:for_case", kwargs={"pk": world.case.pk})).content.decode()
    assert reverse("referrals:detail", kwargs={"pk": mine.pk}) in html
    assert reverse("referrals:detail", kwargs={"pk": theirs.pk}) not in html


# --- a new referral --------------------------------------------------------------------------


def _new(world, **data):
    return {
        "to_organization": str(world.other.pk),
        "area": "housing",
        "groups": ["basic"],
        "purpose": "",
        "note": "",
        "release_date": "",
        "action": "save",
        **data,
    }


def test_a_referral_is_saved_as_a_draft_or_sent(client, world):
    client.force_login(world.lead_user)
    url = reverse("referrals:create", kwargs={"pk": world.case.pk})
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    # the receiver may not get the legal and health groups: shown with why
    assert "この組織に共有する根拠（同意など）がありません" in html
    response = client.post(url, _new(world))
    draft = Referral.objects.get()
    assert response.status_code == 302 and draft.status == S.DRAFT and draft.area == "housing"
    response = client.post(url, _new(world, action="send", release_date="2027-02-01"))
    sent = Referral.objects.exclude(pk=draft.pk).get()
    assert sent.status == S.REQUESTED and sent.sent_at is not None
    assert sent.release_date == datetime.date(2027, 2, 1)


def test_bad_referrals_re_render_and_write_nothing(client, world):
    client.force_login(world.lead_user)
    url = reverse("referrals:create", kwargs={"pk": world.case.pk})
    outsider = partner(world.body)
    stranger_service = ServiceFactory(
        local_government=world.body, organization__local_government=world.body
    )
    for data in (
        _new(world, groups=["health"]),  # not covered for the receiver
        _new(world, to_organization=str(outsider.pk)),  # no basis: not offered
        _new(world, groups=[]),
        _new(world, area="moon"),
        _new(world, release_date="2027-13-45"),
        _new(world, service=str(stranger_service.pk)),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    share(world.consent, third := partner(world.body), "basic", "legal")
    response = client.post(url, _new(world, to_organization=str(third.pk), groups=["legal"]))
    assert response.status_code == 400
    assert "目的を書いてください" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_service_of_the_receiver_can_be_chosen(client, world):
    service = ServiceFactory(
        local_government=world.body,
        organization__local_government=world.body,
        organization__maintainer=world.other,
    )
    client.force_login(world.lead_user)
    url = reverse("referrals:create", kwargs={"pk": world.case.pk})
    assert service.name in client.get(url).content.decode()
    response = client.post(url, _new(world, service=str(service.pk)))
    assert response.status_code == 302
    assert Referral.objects.get().service == service


# --- one referral ----------------------------------------------------------------------------


def test_the_receiver_sees_the_groups_sent_and_the_read_is_logged(client, world):
    referral = sent_referral(world.case, world.other, groups=["basic", "contact"])
    client.force_login(world.other_user)
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert world.case.person.name in html and world.case.person.contact in html
    assert world.case.person.offence_details not in html
    read = _reads(world.case, "referral").get(actor=world.other_user)
    assert sorted(read.changes["fields"]) == ["basic", "contact"]
    # the sender sees the referral, not the person's values through it
    client.force_login(world.lead_user)
    html = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert world.case.person.name not in html


def test_the_receiver_loses_the_referral_when_the_consent_is_withdrawn(client, world):
    referral = sent_referral(world.case, world.other)
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    client.force_login(world.other_user)
    assert client.get(url).status_code == 200
    coordination_services.consent_withdraw(actor=world.lead_user, consent=world.consent)
    assert client.get(url).status_code == 404
    referral.refresh_from_db()
    assert referral.status == S.CANCELLED


def test_a_draft_and_another_organization_get_404(client, world):
    draft = sent_referral(world.case, world.other, status=S.DRAFT)
    referral = sent_referral(world.case, world.other)
    client.force_login(world.other_user)
    assert client.get(reverse("referrals:detail", kwargs={"pk": draft.pk})).status_code == 404
    client.force_login(member(partner(world.body)))
    assert client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).status_code == 404


def test_the_receiver_accepts_then_completes(client, world):
    referral = sent_referral(world.case, world.other)
    client.force_login(world.other_user)
    url = reverse("referrals:transition", kwargs={"pk": referral.pk})
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert 'value="accepted"' in page and 'value="cancelled"' not in page
    assert client.post(url, {"to_status": "accepted", "note": "了解"}).status_code == 302
    response = client.post(url, {"to_status": "completed", "outcome": "successful"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED and referral.finished_at is not None
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "draft",
        "requested",
        "accepted",
        "completed",
    ]


def test_bad_changes_re_render_with_a_message(client, world):
    referral = sent_referral(world.case, world.other)
    url = reverse("referrals:transition", kwargs={"pk": referral.pk})
    client.force_login(world.other_user)
    for data in (
        {"to_status": "rejected"},  # no reason
        {"to_status": "rejected", "reason": "made-up"},
        {"to_status": "completed", "outcome": "successful"},  # not from requested
        {"to_status": "nonsense"},
        {},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    client.force_login(world.lead_user)  # the sender cannot accept its own referral
    assert client.post(url, {"to_status": "accepted"}).status_code == 400
    referral.refresh_from_db()
    assert referral.status == S.REQUESTED
    assert client.get(url).status_code == 405


def test_the_sender_sees_the_rejection_reason_of_the_body(client, world):
    from coordination.models import ReferralReasonOption

    ReferralReasonOption.objects.create(
        local_government=world.body, code="waiting", label="空き待ち"
    )
    referral = sent_referral(world.case, world.other)
    client.force_login(world.other_user)
    url = reverse("referrals:transition", kwargs={"pk": referral.pk})
    assert client.post(url, {"to_status": "rejected", "reason": "waiting"}).status_code == 302
    client.force_login(world.lead_user)
    html = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert "空き待ち" in html


def test_a_volunteer_of_the_receiver_sees_only_its_roles_groups(client, world):
    referral = sent_referral(world.case, world.other, groups=["basic", "contact"])
    volunteer = member(world.other, Role.VOLUNTEER)
    client.force_login(volunteer)
    assert client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).status_code == 200


def test_the_page_counts_the_days_since_sending_and_to_release(client, world):
    referral = sent_referral(
        world.case,
        world.other,
        days_ago=3,
        release_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    client.force_login(world.lead_user)
    html = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    assert "送ってから3日" in html and "あと20日" in html
