"""Needs (six areas, history) and the support plan (goals, actions, owners, overdue)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import Case, NeedArea, NeedAssessment, NeedLevel, PlanItem
from coordination.services import consent_withdraw
from coordination.support import services
from coordination.tests.factories import member, partner
from coordination.tests.factories_support import GoalFactory, PlanItemFactory
from core.models import AuditEntry
from core.roles import Role

pytestmark = pytest.mark.django_db

CASE_URLS = (
    "support:needs",
    "support:needs_create",
    "support:plan",
    "support:plan_item_create",
    "support:conferences",
    "support:conference_create",
    "support:outcomes",
    "support:outcome_create",
)


def needs_post(**levels):
    data = {"assessed_on": timezone.localdate().isoformat()}
    for area in NeedArea.values:
        data[f"level_{area}"] = levels.get(area, NeedLevel.NONE)
        data[f"note_{area}"] = ""
    return data


@pytest.mark.parametrize("name", CASE_URLS)
def test_a_team_member_consented_only_for_basic_gets_404(client, world, basic_only, name):
    client.force_login(basic_only)
    assert client.get(reverse(name, kwargs={"pk": world.case.pk})).status_code == 404


def test_a_partner_consented_for_the_plan_sees_the_tabs(client, world):
    client.force_login(world.other_user)
    response = client.get(reverse("support:needs", kwargs={"pk": world.case.pk}))
    assert response.status_code == 200
    assert reverse("support:plan", kwargs={"pk": world.case.pk}) in response.content.decode()
    assert 'aria-current="page"' in response.content.decode()


class TestNeeds:
    def test_one_form_records_six_needs_and_the_page_shows_them_in_pillar_order(
        self, client, world
    ):
        client.force_login(world.other_user)
        data = needs_post(housing=NeedLevel.HIGH, work=NeedLevel.MEDIUM)
        data["note_housing"] = "住まいが見つからない（架空）"
        url = reverse("support:needs_create", kwargs={"pk": world.case.pk})
        response = client.post(url, data)
        assert response.status_code == 302
        assessment = NeedAssessment.objects.get(case=world.case)
        assert assessment.organization == world.other
        assert {need.area: need.level for need in assessment.needs.all()} == {
            **dict.fromkeys(NeedArea.values, NeedLevel.NONE),
            "housing": NeedLevel.HIGH,
            "work": NeedLevel.MEDIUM,
        }
        page = client.get(reverse("support:needs", kwargs={"pk": world.case.pk})).content.decode()
        assert "住まいが見つからない（架空）" in page
        table = page[page.index("<caption>最新の評価") :]
        order = services.areas_in_pillar_order()
        positions = [table.index(f'<th scope="row">{NeedArea(area).label}') for area in order]
        assert positions == sorted(positions)
        entry = AuditEntry.objects.get(action="coordination.support.assessment.create")
        assert "住まい" not in str(entry.changes)

    def test_a_reassessment_keeps_the_history_and_says_what_changed(self, client, world):
        client.force_login(world.lead_user)
        url = reverse("support:needs_create", kwargs={"pk": world.case.pk})
        client.post(url, needs_post(housing=NeedLevel.HIGH))
        client.post(url, needs_post(housing=NeedLevel.LOW))
        assert NeedAssessment.objects.filter(case=world.case).count() == 2
        page = client.get(reverse("support:needs", kwargs={"pk": world.case.pk})).content.decode()
        assert "これまでの評価" in page
        assert "前回: 高い" in page

    def test_bad_input_rerenders_and_writes_nothing(self, client, world):
        client.force_login(world.lead_user)
        data = needs_post()
        data["level_housing"] = "9"
        data["assessed_on"] = "昨日"
        response = client.post(reverse("support:needs_create", kwargs={"pk": world.case.pk}), data)
        assert response.status_code == 400
        assert "一覧から選んでください。" in response.content.decode()
        assert not NeedAssessment.objects.exists()


class TestPlan:
    def test_an_action_gets_a_goal_of_the_case_and_an_owner_of_the_team(self, client, world):
        goal = GoalFactory(case=world.case)
        client.force_login(world.other_user)
        url = reverse("support:plan_item_create", kwargs={"pk": world.case.pk})
        response = client.post(
            url,
            {
                "kind": "action",
                "text": "アパートの内見に同行する（架空）",
                "goal": goal.pk,
                "owner_organization": world.other.pk,
                "due_on": "2026-12-31",
            },
        )
        assert response.status_code == 302
        action = PlanItem.objects.get(kind="action")
        assert (action.goal, action.owner_organization, action.created_by) == (
            goal,
            world.other,
            world.other_user,
        )

    def test_an_owner_outside_the_team_or_a_goal_of_another_case_is_refused(self, client, world):
        outsider = partner(world.body)
        other_goal = GoalFactory()
        client.force_login(world.lead_user)
        url = reverse("support:plan_item_create", kwargs={"pk": world.case.pk})
        response = client.post(
            url,
            {
                "kind": "action",
                "text": "x",
                "goal": other_goal.pk,
                "owner_organization": outsider.pk,
            },
        )
        assert response.status_code == 400
        assert not PlanItem.objects.filter(case=world.case).exists()
        with pytest.raises(Exception) as error:
            services.plan_item_create(
                actor=world.lead_user, case=world.case, kind="action", text="x", owner=outsider
            )
        assert "チーム" in str(error.value)

    def test_the_plan_flags_overdue_actions_and_prints(self, client, world):
        goal = GoalFactory(case=world.case)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        PlanItemFactory(case=world.case, goal=goal, due_on=yesterday, text="遅れている（架空）")
        PlanItemFactory(
            case=world.case, goal=goal, due_on=yesterday, status="done", text="終わった（架空）"
        )
        client.force_login(world.other_user)
        page = client.get(reverse("support:plan", kwargs={"pk": world.case.pk})).content.decode()
        assert page.count("期限切れ") == 1
        assert "期限を過ぎた取り組みが 1 件あります。" in page
        assert "no-print" in page

    def test_the_status_is_changed_by_the_lead_or_the_owner_only(self, client, world):
        third = member(world.other, Role.PARTNER)
        action = PlanItemFactory(case=world.case, owner_organization=world.lead)
        url = reverse("support:plan_item_edit", kwargs={"pk": action.pk})
        data = {"status": "done", "text": action.text, "due_on": ""}
        client.force_login(third)  # in the team with the plan group, not the owner
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        assert not AuditEntry.objects.filter(action__startswith="coordination.support").exists()
        action.owner_organization = world.other
        action.save()
        assert client.post(url, data).status_code == 302
        action.refresh_from_db()
        assert action.status == "done"
        entry = AuditEntry.objects.get(action="coordination.support.plan_item.update")
        assert entry.changes["status"] == {"before": "planned", "after": "done"}
        assert action.text not in str(entry.changes)

    def test_an_item_of_a_case_the_user_may_not_see_is_404(self, client, world, basic_only):
        action = PlanItemFactory(case=world.case, owner_organization=basic_only.organization)
        client.force_login(basic_only)
        url = reverse("support:plan_item_edit", kwargs={"pk": action.pk})
        assert client.get(url).status_code == 404


def test_a_withdrawn_consent_closes_the_plan_to_the_partner_at_once(client, world):
    client.force_login(world.other_user)
    url = reverse("support:plan", kwargs={"pk": world.case.pk})
    assert client.get(url).status_code == 200
    consent_withdraw(actor=world.lead_user, consent=world.consent)
    assert client.get(url).status_code == 404


def test_a_closed_case_takes_no_new_plan_items(world):
    Case.objects.filter(pk=world.case.pk).update(status=Case.Status.CLOSED)
    world.case.refresh_from_db()
    with pytest.raises(Exception, match="終結"):
        services.plan_item_create(actor=world.lead_user, case=world.case, kind="goal", text="x")
