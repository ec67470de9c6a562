"""求職者として登録する: the case's job-seeker profile made from the case through employment's
own seeker service, pre-filled from the groups the user's organization may see, with the
person's consent, linked and audited. All fictional."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coordination.cases import seekers
from coordination.models import Case, ConsentScope, FieldGroup
from coordination.services import consent_withdraw
from coordination.tests.factories import ConsentFactory, member, partner, share
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from employment.models import JobSeeker, LegalStatus, Offence
from employment.tests.factories import EmployerFactory, HireFactory, JobPostingFactory

VALUES = {"legal_status": LegalStatus.PAROLE, "desired_wards": "東区", "offences": 0}


def _url(case):
    return reverse("cases:job_seeker_create", kwargs={"pk": case.pk})


@pytest.fixture
def person(world):
    person = world.case.person
    person.legal_status = LegalStatus.PAROLE
    person.offences = to_mask(Offence, [Offence.THEFT])
    person.ward = "東区"
    person.save()
    return person


def test_the_lead_gets_the_form_pre_filled_and_creates_the_linked_profile(client, world, person):
    client.force_login(world.lead_user)
    response = client.get(_url(world.case))
    form = response.context["form"]
    assert form.initial["legal_status"] == LegalStatus.PAROLE
    assert form.initial["offences"] == to_mask(Offence, [Offence.THEFT])
    assert form.initial["desired_wards"] == "東区"
    assert "no-store" in response["Cache-Control"]
    reads = AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ, changes__purpose="job_seeker_create"
    )
    # the page's opening (the legal group it needs) and the read of the pre-filled values
    assert sorted(sorted(read.changes["fields"]) for read in reads) == [
        ["basic", "legal"],
        ["legal"],
    ]
    data = {"legal_status": "parole", "offences": ["theft"], "desired_wards": "東区"}
    assert client.post(_url(world.case), data).status_code == 400  # no consent confirmed
    assert not JobSeeker.objects.exists()
    response = client.post(_url(world.case), data | {"confirm": "on"})
    assert response.status_code == 302
    seeker = JobSeeker.objects.get()
    assert seeker.supporter_organization == world.lead
    assert seeker.legal_status == LegalStatus.PAROLE
    assert seeker.offences == to_mask(Offence, [Offence.THEFT])
    assert Case.objects.get(pk=world.case.pk).job_seeker == seeker
    assert_audited(
        action="employment.seeker.create",
        actor=world.lead_user,
        obj=seeker,
        changes_include={
            "desired_wards": {"before": None, "after": "東区"},
            "sensitive_fields_changed": ["legal_status", "offences"],  # never the values
        },
    )
    entry = AuditEntry.objects.get(action="coordination.case.create_job_seeker")
    assert entry.changes["job_seeker"] == {"before": None, "after": seeker.pk}
    assert person.name not in str(entry.changes)
    # linked now: the page sends back to the case, the service refuses a second one
    assert client.get(_url(world.case)).status_code == 302
    with pytest.raises(ValidationError):
        seekers.case_create_job_seeker(
            actor=world.lead_user, case=world.case, values=VALUES, consent_confirmed=True
        )
    assert JobSeeker.objects.count() == 1


def test_an_organization_not_covered_for_the_legal_group_cannot(client, world, person):
    client.force_login(world.other_user)  # basic, contact, plan
    assert client.get(_url(world.case)).status_code == 404
    with pytest.raises(PermissionDenied):
        seekers.case_create_job_seeker(
            actor=world.other_user, case=world.case, values=VALUES, consent_confirmed=True
        )
    assert not JobSeeker.objects.exists()


def test_a_partner_covered_for_the_legal_group_keeps_the_profile_until_withdrawn(
    client, world, person
):
    support = partner(world.body)
    worker = member(support, Role.PARTNER)
    consent = ConsentFactory(case=world.case, taken_by=world.lead_user)
    share(consent, support, FieldGroup.LEGAL)  # not 基本: the ward is not pre-filled
    client.force_login(worker)
    form = client.get(_url(world.case)).context["form"]
    assert "desired_wards" not in form.initial
    assert form.initial["legal_status"] == LegalStatus.PAROLE
    consent_withdraw(actor=world.lead_user, consent=consent)
    assert client.get(_url(world.case)).status_code == 404
    # covered again: the profile is the partner's, not the lead's
    share(ConsentFactory(case=world.case, taken_by=world.lead_user), support, FieldGroup.LEGAL)
    response = client.post(_url(world.case), {"legal_status": "parole", "confirm": "on"})
    assert response.status_code == 302
    assert JobSeeker.objects.get().supporter_organization == support


def test_a_department_keeps_no_profiles_and_an_employer_never_opens_the_case(client, world, person):
    department = partner(world.body, kind="city_department")
    ConsentScope.objects.create(
        consent=world.consent,
        organization=department,
        groups=to_mask(FieldGroup, FieldGroup.values),
    )
    client.force_login(member(department, Role.DEPARTMENT))
    assert client.get(_url(world.case)).status_code == 403
    client.force_login(member(partner(world.body, kind="employer"), Role.EMPLOYER))
    assert client.get(_url(world.case)).status_code == 403
    assert not JobSeeker.objects.exists()


def test_the_case_shows_the_matching_and_the_hires_then(client, world, person):
    client.force_login(world.lead_user)
    detail = reverse("cases:detail", kwargs={"pk": world.case.pk})
    assert _url(world.case) in client.get(detail).content.decode()
    client.post(_url(world.case), {"legal_status": "parole", "confirm": "on"})
    seeker = JobSeeker.objects.get()
    employer = EmployerFactory(local_government=world.body)
    JobPostingFactory(employer=employer)
    HireFactory(seeker=seeker, employer=employer)
    content = client.get(detail).content.decode()
    assert "照合で合う公開中の求人: 1件" in content
    assert reverse("seekers:matches", kwargs={"pk": seeker.pk}) in content
    assert employer.name in content
    assert _url(world.case) not in content
    client.force_login(world.other_user)  # sees the plan, not the profile's page
    content = client.get(detail).content.decode()
    assert seeker.code in content and "照合で合う公開中の求人: 1件" in content
    assert reverse("seekers:matches", kwargs={"pk": seeker.pk}) not in content
