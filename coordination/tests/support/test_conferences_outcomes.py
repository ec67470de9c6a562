"""Case conferences (the lead, team organizations only, follow-up actions in the plan) and
outcomes (recorded by the team, and from the employment app's hires on the lead's button)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import CaseConference, Outcome, OutcomeKind, PlanItem
from coordination.support import services
from coordination.tests.factories import partner
from coordination.tests.factories_support import ConferenceFactory
from core.models import AuditEntry
from employment.models import RetentionCheck
from employment.tests.factories import EmployerFactory, HireFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


def conference_post(world, **extra):
    return {
        "held_on": timezone.localdate().isoformat(),
        "organizations": [world.lead.pk, world.other.pk],
        "attendees": "保護観察官 架空（架空）",
        "agenda": "住まいの確保（架空）",
        "notes": "",
        "decisions": "内見に同行する（架空）",
        "action_1_text": "内見に同行する（架空）",
        "action_1_owner": world.other.pk,
        "action_1_due": "2027-01-31",
        "action_2_text": "",
        "action_2_owner": "",
        "action_2_due": "",
        "action_3_text": "",
        "action_3_owner": "",
        "action_3_due": "",
        **extra,
    }


class TestConferences:
    def test_the_lead_records_a_conference_whose_actions_land_in_the_plan(self, client, world):
        client.force_login(world.lead_user)
        url = reverse("support:conference_create", kwargs={"pk": world.case.pk})
        response = client.post(url, conference_post(world))
        conference = CaseConference.objects.get()
        assert response.status_code == 302
        assert set(conference.organizations.all()) == {world.lead, world.other}
        action = PlanItem.objects.get()
        assert (action.conference, action.owner_organization, action.kind) == (
            conference,
            world.other,
            "action",
        )
        assert action.due_on == datetime.date(2027, 1, 31)
        entry = AuditEntry.objects.get(action="coordination.support.conference.create")
        assert "架空" not in str(entry.changes)
        # the partner in the team reads it, and the plan says where the action came from
        client.force_login(world.other_user)
        detail = client.get(reverse("support:conference_detail", kwargs={"pk": conference.pk}))
        assert "保護観察官 架空（架空）" in detail.content.decode()
        plan = client.get(reverse("support:plan", kwargs={"pk": world.case.pk})).content.decode()
        assert "のケース会議で決定" in plan

    def test_an_organization_outside_the_team_cannot_take_part(self, client, world):
        outsider = partner(world.body)
        client.force_login(world.lead_user)
        url = reverse("support:conference_create", kwargs={"pk": world.case.pk})
        response = client.post(url, conference_post(world, organizations=[outsider.pk]))
        assert response.status_code == 400
        response = client.post(url, conference_post(world, action_1_owner=outsider.pk))
        assert response.status_code == 400
        assert not CaseConference.objects.exists() and not PlanItem.objects.exists()
        with pytest.raises(Exception, match="チーム"):
            services.conference_create(
                actor=world.lead_user,
                case=world.case,
                held_on=timezone.localdate(),
                organizations=[world.lead, outsider],
            )
        assert not CaseConference.objects.exists()

    def test_an_action_without_an_owner_changes_nothing(self, client, world):
        client.force_login(world.lead_user)
        url = reverse("support:conference_create", kwargs={"pk": world.case.pk})
        response = client.post(url, conference_post(world, action_1_owner=""))
        assert response.status_code == 400
        assert "担当する組織を選んでください。" in response.content.decode()
        assert not CaseConference.objects.exists()

    def test_a_partner_of_the_team_reads_but_does_not_record(self, client, world):
        client.force_login(world.other_user)
        url = reverse("support:conference_create", kwargs={"pk": world.case.pk})
        assert client.get(url).status_code == 403
        assert client.post(url, conference_post(world)).status_code == 403
        listed = client.get(reverse("support:conferences", kwargs={"pk": world.case.pk}))
        assert listed.status_code == 200

    def test_a_conference_of_a_case_without_the_plan_group_is_404(self, client, world, basic_only):
        conference = ConferenceFactory(case=world.case)
        client.force_login(basic_only)
        url = reverse("support:conference_detail", kwargs={"pk": conference.pk})
        assert client.get(url).status_code == 404


@pytest.fixture
def hired(world):
    seeker = JobSeekerFactory(supporter_organization=world.lead)
    world.case.job_seeker = seeker
    world.case.save()
    hire = HireFactory(
        seeker=seeker,
        employer=EmployerFactory(local_government=world.body),
        started_on=datetime.date(2026, 5, 1),
    )
    RetentionCheck.objects.create(
        local_government=world.body,
        hire=hire,
        months=1,
        still_employed=True,
        checked_on=datetime.date(2026, 6, 2),
    )
    RetentionCheck.objects.create(
        local_government=world.body,
        hire=hire,
        months=3,
        still_employed=False,
        checked_on=datetime.date(2026, 8, 3),
    )
    return hire


class TestOutcomes:
    def test_a_partner_of_the_team_records_an_outcome(self, client, world):
        client.force_login(world.other_user)
        url = reverse("support:outcome_create", kwargs={"pk": world.case.pk})
        data = {"kind": "home_secured", "achieved_on": timezone.localdate().isoformat()}
        assert client.post(url, {**data, "note": "アパート（架空）"}).status_code == 302
        outcome = Outcome.objects.get()
        assert outcome.kind == OutcomeKind.HOME_SECURED
        page = client.get(reverse("support:outcomes", kwargs={"pk": world.case.pk}))
        assert "アパート（架空）" in page.content.decode()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(url, {**data, "achieved_on": tomorrow.isoformat()})
        assert response.status_code == 400
        assert Outcome.objects.count() == 1

    def test_the_hires_show_and_the_lead_records_outcomes_from_them_once(
        self, client, world, hired
    ):
        client.force_login(world.lead_user)
        page = client.get(reverse("support:outcomes", kwargs={"pk": world.case.pk}))
        assert hired.employer.name in page.content.decode()
        url = reverse("support:outcomes_from_hires", kwargs={"pk": world.case.pk})
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302  # idempotent
        assert sorted(Outcome.objects.values_list("kind", "achieved_on", "hire")) == [
            ("job_started", datetime.date(2026, 5, 1), hired.pk),
            ("retention_1", datetime.date(2026, 6, 2), hired.pk),
        ]

    def test_only_the_lead_records_outcomes_from_hires(self, client, world, hired):
        client.force_login(world.other_user)
        url = reverse("support:outcomes_from_hires", kwargs={"pk": world.case.pk})
        assert client.post(url).status_code == 403
        assert not Outcome.objects.exists()
        page = client.get(reverse("support:outcomes", kwargs={"pk": world.case.pk}))
        assert url not in page.content.decode()
