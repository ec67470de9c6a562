"""A case's 概要, the reveal of a masked group, and the lead's edit, close, transfer and
開示請求 report: who may, what is shown, what is logged."""

from django.urls import reverse

from accounts.models import Organization
from accounts.tests.factories import reauthenticate
from coordination import access
from coordination.models import Case, CaseTransfer, FieldGroup, Person, match_key
from coordination.tests.factories import ConsentFactory, member, partner, share
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited


def _url(name, case):
    return reverse(name, kwargs={"pk": case.pk})


def _reads(case):
    return AuditEntry.objects.filter(
        action="read.sensitive", object_type="coordination.case", object_id=str(case.pk)
    )


def test_detail_shows_the_basic_group_and_masks_the_rest(client, world):
    client.force_login(world.lead_user)
    response = client.get(_url("cases:detail", world.case))
    content = response.content.decode()
    assert response.status_code == 200
    assert world.case.person.name in content
    assert world.case.person.offence_details not in content
    assert world.case.person.health_notes not in content
    assert world.case.person.contact not in content
    assert "隠しています" in content
    assert _reads(world.case).filter(changes__fields=["basic"]).count() == 1
    assert _url("cases:edit", world.case) in content  # the lead's actions


def test_the_covered_partner_sees_no_lead_actions(client, world):
    client.force_login(world.other_user)
    content = client.get(_url("cases:detail", world.case)).content.decode()
    assert world.case.person.name in content
    assert _url("cases:edit", world.case) not in content
    assert 'name="group" value="legal"' not in content  # a group it is not given: no form


def test_reveal_shows_the_group_once_with_the_reason_logged(client, world):
    client.force_login(world.lead_user)
    response = client.post(
        _url("cases:reveal", world.case), {"group": "legal", "reason": "支援計画の確認のため"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert world.case.person.offence_details in content
    assert "no-store" in response["Cache-Control"]
    entry = _reads(world.case).get(changes__fields=["legal"])
    assert entry.changes["reason"] == "支援計画の確認のため"
    assert entry.changes["purpose"] == "case_reveal"
    # the next visit is masked again
    again = client.get(_url("cases:detail", world.case)).content.decode()
    assert world.case.person.offence_details not in again


def test_reveal_without_a_reason_shows_nothing(client, world):
    client.force_login(world.lead_user)
    response = client.post(_url("cases:reveal", world.case), {"group": "legal", "reason": ""})
    assert response.status_code == 400
    assert world.case.person.offence_details not in response.content.decode()
    assert not _reads(world.case).filter(changes__fields=["legal"]).exists()


def test_reveal_of_a_group_not_covered_is_404(client, world):
    client.force_login(world.other_user)  # basic, contact, plan
    response = client.post(
        _url("cases:reveal", world.case), {"group": "legal", "reason": "確認のため"}
    )
    assert response.status_code == 404
    assert not _reads(world.case).exists()
    assert client.get(_url("cases:reveal", world.case), {"group": "health"}).status_code == 404
    ok = client.post(_url("cases:reveal", world.case), {"group": "contact", "reason": "連絡のため"})
    assert ok.status_code == 200
    assert world.case.person.contact in ok.content.decode()


def test_edit_reads_every_group_and_logs_the_changed_field_names(client, world):
    client.force_login(world.lead_user)
    response = client.get(_url("cases:edit", world.case))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    fields = [entry.changes["fields"] for entry in _reads(world.case)]
    assert sorted(FieldGroup.values) in [sorted(names) for names in fields]
    data = {
        key: value
        for key, value in response.context["form"].initial.items()
        if value not in (None, "", 0)
    }
    data["name_kana"] = "カクウ ジロウ"
    data["ward"] = "西区"
    response = client.post(_url("cases:edit", world.case), data)
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(pk=world.case.person_id)
    assert person.ward == "西区"
    assert person.name_kana == "カクウ ジロウ"
    assert person.match_key == match_key("カクウ ジロウ", person.birth_date)
    entry = AuditEntry.objects.get(action="coordination.person.update")
    assert entry.changes["fields"] == ["name_kana", "ward"]
    assert "西区" not in str(entry.changes)


def test_edit_bad_input_changes_nothing(client, world):
    client.force_login(world.lead_user)
    response = client.post(_url("cases:edit", world.case), {"name": "", "birth_date": "x"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="coordination.person.update").exists()


def test_a_team_member_who_does_not_lead_gets_403_and_no_read_logged(client, world):
    client.force_login(world.other_user)
    for name in ("cases:edit", "cases:close", "cases:transfer", "cases:disclosure"):
        assert client.get(_url(name, world.case)).status_code == 403, name
    assert not _reads(world.case).exists()


def test_close_with_a_reason(client, world):
    client.force_login(world.lead_user)
    assert client.post(_url("cases:close", world.case), {}).status_code == 400
    response = client.post(_url("cases:close", world.case), {"reason": "goal_reached"})
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.status == Case.Status.CLOSED and case.close_reason == "goal_reached"
    assert_audited(
        action="coordination.case.close",
        actor=world.lead_user,
        obj=case,
        changes={
            "status": {"before": Case.Status.OPEN, "after": Case.Status.CLOSED},
            "close_reason": {"before": "", "after": "goal_reached"},
            "closed_on": {"before": None, "after": case.closed_on.isoformat()},
        },
    )


def test_transfer_hands_the_lead_and_the_old_lead_keeps_only_its_basis(client, world):
    client.force_login(world.lead_user)
    response = client.get(_url("cases:transfer", world.case))
    assert response.status_code == 200
    assert list(response.context["targets"]) == [world.other]
    response = client.post(
        _url("cases:transfer", world.case),
        {"to_organization": world.other.pk, "note": "転居のため", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("cases:index")  # no basis covers the old lead
    case = Case.objects.get(pk=world.case.pk)
    assert case.lead_organization == world.other
    transfer = CaseTransfer.objects.get(case=case)
    assert transfer.consent == world.consent
    assert transfer.from_organization == world.lead
    assert not access.can_read_case(world.lead_user, case)
    assert access.is_lead(world.other_user, case)
    assert client.get(_url("cases:detail", case)).status_code == 404
    entry = AuditEntry.objects.get(action="coordination.case.transfer")
    assert entry.changes["consent"] == world.consent.pk


def test_transfer_refuses_an_organization_without_a_basis(client, world):
    stranger = partner(world.body)
    client.force_login(world.lead_user)
    response = client.post(
        _url("cases:transfer", world.case),
        {"to_organization": stranger.pk, "confirm": "on"},
    )
    assert response.status_code == 400
    assert Case.objects.get(pk=world.case.pk).lead_organization == world.lead
    assert not CaseTransfer.objects.exists()


def test_transfer_to_a_volunteer_group_is_not_offered(client, world):
    group = partner(world.body, kind=Organization.Kind.VOLUNTEER_GROUP)
    share(ConsentFactory(case=world.case), group, FieldGroup.BASIC)
    client.force_login(world.lead_user)
    response = client.get(_url("cases:transfer", world.case))
    assert group not in response.context["targets"]


def test_disclosure_asks_reauthentication_then_lists_record_consents_and_reads(client, world):
    reader = world.other_user
    reader.display_name = "架空 読む人"
    reader.save()
    client.force_login(reader)
    client.get(_url("cases:detail", world.case))
    client.force_login(world.lead_user)
    response = client.get(_url("cases:disclosure", world.case))
    assert response.status_code == 302
    assert reverse("accounts:reauth") in response.url
    assert not _reads(world.case).filter(changes__purpose="disclosure").exists()
    reauthenticate(client)
    response = client.get(_url("cases:disclosure", world.case))
    content = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    person = world.case.person
    for value in (person.name, person.offence_details, person.health_notes, person.contact):
        assert value in content
    assert world.consent.purpose in content
    assert world.other.name in content  # a scope, and the reader's organization
    assert "架空 読む人" in content
    assert "case_detail" in content
    assert _reads(world.case).filter(changes__purpose="disclosure").exists()
    assert 'style="' not in content


def test_a_volunteer_of_a_covered_group_never_reveals_legal(client, world):
    volunteer = member(world.other, Role.VOLUNTEER)
    client.force_login(volunteer)
    assert client.get(_url("cases:detail", world.case)).status_code == 200
    response = client.post(
        _url("cases:reveal", world.case), {"group": "legal", "reason": "確認のため"}
    )
    assert response.status_code == 404
