"""Linking a case to the employment app's job-seeker profile: the lead, with the person's
consent confirmed, to a profile its own organization supports and no other case links."""

from django.urls import reverse

from coordination.models import Case
from coordination.tests.factories import CaseFactory, PersonFactory, partner
from core.models import AuditEntry
from core.testing.audit import assert_audited
from employment.tests.factories import EmployerFactory, HireFactory, JobSeekerFactory


def _url(case):
    return reverse("cases:job_seeker", kwargs={"pk": case.pk})


def test_link_needs_the_consent_confirmed(client, world):
    seeker = JobSeekerFactory(supporter_organization=world.lead, local_government=world.body)
    client.force_login(world.lead_user)
    response = client.post(_url(world.case), {"seeker": seeker.pk})
    assert response.status_code == 400
    assert Case.objects.get(pk=world.case.pk).job_seeker is None
    response = client.post(_url(world.case), {"seeker": seeker.pk, "confirm": "on"})
    assert response.status_code == 302
    assert Case.objects.get(pk=world.case.pk).job_seeker == seeker
    entry = AuditEntry.objects.get(action="coordination.case.link_job_seeker")
    assert entry.changes["job_seeker"] == {"before": None, "after": seeker.pk}


def test_another_organizations_or_an_already_linked_seeker_is_refused(client, world):
    foreign = JobSeekerFactory(
        supporter_organization=partner(world.body), local_government=world.body
    )
    taken = JobSeekerFactory(supporter_organization=world.lead, local_government=world.body)
    CaseFactory(
        person=PersonFactory(local_government=world.body),
        lead_organization=world.lead,
        job_seeker=taken,
    )
    client.force_login(world.lead_user)
    for seeker in (foreign, taken):
        response = client.post(_url(world.case), {"seeker": seeker.pk, "confirm": "on"})
        assert response.status_code == 400
    assert Case.objects.get(pk=world.case.pk).job_seeker is None


def test_the_case_shows_the_hires_to_the_team_and_unlinking_is_audited(client, world):
    seeker = JobSeekerFactory(supporter_organization=world.lead, local_government=world.body)
    employer = EmployerFactory(local_government=world.body)
    HireFactory(seeker=seeker, employer=employer)
    Case.objects.filter(pk=world.case.pk).update(job_seeker=seeker)
    client.force_login(world.other_user)  # basic, contact, plan
    content = client.get(reverse("cases:detail", kwargs={"pk": world.case.pk})).content.decode()
    assert seeker.code in content and employer.name in content
    assert reverse("seekers:detail", kwargs={"pk": seeker.pk}) not in content  # not its seeker
    client.force_login(world.lead_user)
    response = client.post(_url(world.case), {"seeker": ""})
    assert response.status_code == 302
    assert Case.objects.get(pk=world.case.pk).job_seeker is None
    assert_audited(
        action="coordination.case.unlink_job_seeker",
        actor=world.lead_user,
        obj=world.case,
        changes={"job_seeker": {"before": seeker.pk, "after": None}},
    )
