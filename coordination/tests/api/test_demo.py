"""seed_demo's support cases: led by the demo partner, shared with the demo department, with
referrals in different states; created once, never duplicated, a deleted one stays deleted."""

import io

from django.core.management import call_command

from coordination.models import Case, Person, Referral, ReferralStatus


def test_seed_demo_makes_the_support_flow_once(kumamoto):
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo support cases: 0 created, 3 already there" in out.getvalue()
    cases = list(Case.objects.select_related("person", "lead_organization"))
    assert len(cases) == 3 == Person.objects.count()
    assert all(case.person.is_fictional and "架空" in case.person.name for case in cases)
    assert {case.lead_organization.name for case in cases} == {"NPO法人つなぐサポート（架空）"}
    statuses = sorted(Referral.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [ReferralStatus.IN_PROGRESS, ReferralStatus.REQUESTED, ReferralStatus.COMPLETED]
    )
    assert {r.to_organization.name for r in Referral.objects.select_related("to_organization")} == {
        "住宅政策課"
    }


def test_a_deleted_demo_case_is_not_recreated_unless_restored(kumamoto):
    call_command("seed_demo", stdout=io.StringIO())
    case = Case.objects.order_by("pk").first()
    case.delete()  # cascades to its consents and referrals
    call_command("seed_demo", stdout=io.StringIO())
    assert Case.objects.count() == 2
    call_command("seed_demo", "--restore", stdout=io.StringIO())
    assert Case.objects.count() == 3


def test_the_demo_department_sees_its_referrals_through_the_api(kumamoto, client):
    from django.urls import reverse

    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="department"))
    data = client.get(reverse("support_api:referral_list", kwargs={"lg": "kumamoto"})).json()
    assert data["count"] == 3
