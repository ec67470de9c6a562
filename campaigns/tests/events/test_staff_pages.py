"""The secretariat's pages: years, committee, events with their participants on one form,
the results of a year; departments read them; another body's records are 404."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import CampaignEvent, CampaignYear, CommitteeMember, EventKind
from campaigns.tests.factories import (
    CampaignEventFactory,
    CampaignYearFactory,
    EventParticipationFactory,
)
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


@pytest.fixture
def secretariat_client(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    return client


def _event_post(campaign, **counts):
    data = {
        "campaign": campaign.pk,
        "kind": EventKind.RALLY,
        "title": "架空の推進大会",
        "starts_on": "2026-07-05",
        "start_time": "13:30",
        "place": "架空市民会館",
        "is_public": "on",
        "participants-TOTAL_FORMS": "5",
        "participants-INITIAL_FORMS": "5",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "5",
    }
    for index, kind in enumerate(["citizens", "students", "volunteers", "partners", "other"]):
        data[f"participants-{index}-kind"] = kind
        data[f"participants-{index}-count"] = str(counts.get(kind, ""))
    return data


def test_the_index_lists_years_newest_first_with_their_counts(secretariat_client, city):
    old = CampaignYearFactory(local_government=city.lg, fiscal_year=2025, theme="古い架空テーマ")
    new = CampaignYearFactory(local_government=city.lg, fiscal_year=2026, theme="新しい架空テーマ")
    EventParticipationFactory(event=CampaignEventFactory(campaign=new), count=30)
    EventParticipationFactory(event=CampaignEventFactory(campaign=new), count=12)
    CampaignEventFactory(campaign=old)
    page = secretariat_client.get(reverse("campaigns:index")).content.decode()
    assert page.index("新しい架空テーマ") < page.index("古い架空テーマ")
    assert "令和8年度" in page
    assert "42人" in page and "2件" in page


def test_the_secretariat_records_an_event_with_participants_by_kind(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    response = secretariat_client.post(
        reverse("campaigns:event_create"), _event_post(campaign, citizens=300, volunteers=52)
    )
    event = CampaignEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:event", kwargs={"pk": event.pk})
    assert dict(event.participations.values_list("kind", "count")) == {
        "citizens": 300,
        "volunteers": 52,
    }
    page = secretariat_client.get(response["Location"]).content.decode()
    assert "352人" in page
    assert "令和8年（2026年）7月5日" in page


def test_a_bad_count_shows_beside_its_field_and_saves_nothing(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    data = _event_post(campaign, citizens=-3)
    response = secretariat_client.post(reverse("campaigns:event_create"), data)
    assert response.status_code == 400
    assert "0以上の数を入力してください" in response.content.decode()
    assert not CampaignEvent.objects.exists()


def test_a_tampered_formset_is_an_error_not_a_crash(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    data = _event_post(campaign, citizens=3)
    data["participants-TOTAL_FORMS"] = "junk"
    response = secretariat_client.post(reverse("campaigns:event_create"), data)
    assert response.status_code in (200, 400)
    assert not CampaignEvent.objects.exists()
    data = _event_post(campaign, citizens=3)
    data["participants-1-kind"] = "citizens"  # the same kind twice
    response = secretariat_client.post(reverse("campaigns:event_create"), data)
    assert response.status_code == 400
    assert not CampaignEvent.objects.exists()


def test_an_end_before_the_start_is_refused_with_a_message(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    data = _event_post(campaign, citizens=3) | {"ends_on": "2026-07-01"}
    response = secretariat_client.post(reverse("campaigns:event_create"), data)
    assert response.status_code == 400
    assert "終了日は開催日と同じか" in response.content.decode()


def test_the_edit_form_shows_and_replaces_the_counts(secretariat_client, city):
    event = CampaignEventFactory(campaign=CampaignYearFactory(local_government=city.lg))
    EventParticipationFactory(event=event, kind="students", count=80)
    url = reverse("campaigns:event_edit", kwargs={"pk": event.pk})
    assert 'value="80"' in secretariat_client.get(url).content.decode()
    response = secretariat_client.post(url, _event_post(event.campaign, citizens=5))
    assert response.status_code == 302
    assert dict(event.participations.values_list("kind", "count")) == {"citizens": 5}


def test_committee_members_are_added_reordered_and_removed(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg)
    for name in ("架空保護司会", "架空更生保護女性会", "架空BBS会"):
        secretariat_client.post(
            reverse("campaigns:member_add", kwargs={"pk": campaign.pk}), {"name": name}
        )
    names = lambda: list(CommitteeMember.objects.order_by("order").values_list("name", flat=True))  # noqa: E731
    assert names() == ["架空保護司会", "架空更生保護女性会", "架空BBS会"]
    last = CommitteeMember.objects.get(name="架空BBS会")
    secretariat_client.post(
        reverse("campaigns:member_move", kwargs={"pk": last.pk}), {"direction": "up"}
    )
    assert names() == ["架空保護司会", "架空BBS会", "架空更生保護女性会"]
    secretariat_client.post(reverse("campaigns:member_remove", kwargs={"pk": last.pk}))
    assert names() == ["架空保護司会", "架空更生保護女性会"]


def test_a_year_is_registered_once(secretariat_client, city):
    CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    response = secretariat_client.post(
        reverse("campaigns:year_create"), {"fiscal_year": 2026, "theme": "架空"}
    )
    assert response.status_code == 400
    assert "この年度の運動はもう登録されています" in response.content.decode()
    assert CampaignYear.objects.count() == 1


def test_the_results_add_up_by_event_and_participant_kind(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    rally = CampaignEventFactory(campaign=campaign, kind=EventKind.RALLY)
    EventParticipationFactory(event=rally, kind="citizens", count=400)
    EventParticipationFactory(event=rally, kind="volunteers", count=52)
    street = CampaignEventFactory(campaign=campaign, kind=EventKind.STREET_CAMPAIGN)
    EventParticipationFactory(event=street, kind="citizens", count=30)
    response = secretariat_client.get(reverse("campaigns:results_csv", kwargs={"pk": campaign.pk}))
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("行事の種類,行事数,市民,児童・生徒")
    assert "推進大会,1,400,0,52,0,0,452" in lines
    assert "街頭啓発,1,30,0,0,0,0,30" in lines
    assert lines[-1] == "合計,2,430,0,52,0,0,482"
    page = secretariat_client.get(reverse("campaigns:results", kwargs={"pk": campaign.pk}))
    assert "482" in page.content.decode()


def test_the_event_list_pages_sorts_and_filters(secretariat_client, city):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    for day in range(1, 56):
        CampaignEventFactory(
            campaign=campaign,
            title=f"架空行事{day:02d}",
            starts_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=day),
        )
    CampaignEventFactory(campaign=campaign, kind=EventKind.RALLY, title="架空の推進大会")
    url = reverse("campaigns:events")
    first = secretariat_client.get(url).content.decode()
    assert "行事 56件" in first and "1 / 2 ページ" in first
    by_title = secretariat_client.get(url + "?sort=title").content.decode()
    assert by_title.index("架空行事01") < by_title.index("架空行事02")
    rallies = secretariat_client.get(url + "?kind=rally").content.decode()
    assert "行事 1件" in rallies
    junk = secretariat_client.get(url + "?sort=zzz&page=zz&campaign=abc&kind=<x>")
    assert junk.status_code == 200


def test_departments_read_but_do_not_write(client, city):
    campaign = CampaignYearFactory(local_government=city.lg)
    event = CampaignEventFactory(campaign=campaign)
    client.force_login(city.users[Role.DEPARTMENT])
    assert client.get(reverse("campaigns:event", kwargs={"pk": event.pk})).status_code == 200
    page = client.get(reverse("campaigns:year", kwargs={"pk": campaign.pk})).content.decode()
    assert "構成団体を加える" not in page
    edit = client.post(reverse("campaigns:event_edit", kwargs={"pk": event.pk}), {})
    assert edit.status_code == 403


def test_another_bodys_event_is_not_found(secretariat_client):
    other = LocalGovernmentFactory(slug="othercamp")
    event = CampaignEventFactory(campaign=CampaignYearFactory(local_government=other))
    for name in ("campaigns:event", "campaigns:event_edit"):
        assert secretariat_client.get(reverse(name, kwargs={"pk": event.pk})).status_code == 404
    response = secretariat_client.post(reverse("campaigns:event_delete", kwargs={"pk": event.pk}))
    assert response.status_code == 404
    assert CampaignEvent.objects.filter(pk=event.pk).exists()
