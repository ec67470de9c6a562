"""「住まいをさがす」 (case_housing:find): pre-filled from what the user sees of the record, the
filters the user changes, the results of housing.selectors.search_homes, paginated."""

import pytest
from django.urls import reverse

from coordination.models import FieldGroup, Need, NeedArea, NeedAssessment
from coordination.tests.factories import ConsentFactory, member, partner, share
from coordination.tests.factories_housing import covered_home, home_of
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from housing.models import Acceptance


def _url(world):
    return reverse("case_housing:find", kwargs={"pk": world.case.pk})


def _reads(world, purpose):
    return AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ, object_id=str(world.case.pk), changes__purpose=purpose
    )


@pytest.fixture
def homes(world):
    body = world.body
    return {
        "probation": covered_home(world),
        "elderly_only": home_of(body, accepts=to_mask(Acceptance, [Acceptance.ELDERLY])),
        "other_ward": home_of(body, ward="北区"),
        "expensive": home_of(body, rent=90_000),
        "full": home_of(body, vacancies=0),
        "unlisted": home_of(body, is_active=False),
        "another_body": home_of(ConsentFactory().case.local_government),
    }


def test_the_lead_gets_the_search_prefilled_from_the_record(client, world, homes):
    NeedAssessment.objects.create(
        local_government=world.body, case=world.case, organization=world.lead
    ).needs.create(area=NeedArea.HOUSING, level=3, note="家賃の上限 5万円（架空）")
    client.force_login(world.lead_user)
    response = client.get(_url(world))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["ward"] == "中央区"
    assert form.cleaned_data["accepts"] == [Acceptance.PROBATION]  # legal status: 保護観察中
    assert form.cleaned_data["max_rent"] == 50_000
    assert form.cleaned_data["vacant_only"] is True
    assert [home.pk for home in response.context["page"]] == [homes["probation"].pk]
    html = response.content.decode()
    assert "この住宅について紹介する" in html
    [read] = _reads(world, "housing_search")
    assert sorted(read.changes["fields"]) == ["health", "legal", "plan"]


def test_the_volunteer_prefills_only_from_what_it_sees(client, world, homes):
    volunteer = member(world.other, Role.VOLUNTEER)
    client.force_login(volunteer)
    response = client.get(_url(world))
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["accepts"] == []  # no legal group
    [read] = _reads(world, "housing_search")
    assert read.changes["fields"] == ["plan"]
    shown = {home.pk for home in response.context["page"]}
    assert shown == {homes["probation"].pk, homes["elderly_only"].pk, homes["expensive"].pk}


def test_the_user_changes_the_filters_and_pages_through_the_results(client, world, homes):
    for _index in range(22):
        home_of(world.body, rent=30_000)
    client.force_login(world.lead_user)
    response = client.get(_url(world), {"search": "1", "ward": "中央区"})
    page = response.context["page"]
    assert page.paginator.count == 22 + 4  # every listed home of the ward, full ones too
    assert page.paginator.num_pages == 2
    assert "search=1" in response.context["query"]
    second = client.get(_url(world), {"search": "1", "ward": "中央区", "page": "2"})
    assert len(second.context["page"]) == 6
    assert not _reads(world, "housing_search").exists()  # the record is read only to prefill


def test_a_disability_kind_is_a_choice(client, world):
    client.force_login(world.lead_user)
    physical = home_of(world.body, accepts=to_mask(Acceptance, [Acceptance.PHYSICAL_DISABILITY]))
    home_of(world.body, accepts=to_mask(Acceptance, [Acceptance.MENTAL_DISABILITY]))
    response = client.get(
        _url(world), {"search": "1", "disability": Acceptance.PHYSICAL_DISABILITY}
    )
    assert [home.pk for home in response.context["page"]] == [physical.pk]


def test_a_provider_outside_the_consent_is_marked(client, world, homes):
    client.force_login(world.lead_user)
    html = client.get(_url(world), {"search": "1"}).content.decode()
    assert html.count("まだ同意の共有先ではありません") == 4  # all but the covered one


@pytest.mark.parametrize("junk", ["abc", "-1", "１２", "9" * 40])
def test_junk_filters_do_not_break_the_page(client, world, junk):
    client.force_login(world.lead_user)
    response = client.get(_url(world), {"search": "1", "max_rent": junk, "page": junk})
    assert response.status_code == 200


def test_a_member_without_the_basic_group_gets_404(client, world):
    third = member(partner(world.body))
    share(world.consent, third.organization, FieldGroup.PLAN)
    client.force_login(third)
    assert client.get(_url(world)).status_code == 404


def test_the_tab_is_on_the_case_pages(client, world):
    client.force_login(world.lead_user)
    html = client.get(reverse("cases:detail", kwargs={"pk": world.case.pk})).content.decode()
    assert _url(world) in html and "住まいをさがす" in html


def test_needs_are_read_from_the_latest_assessment(world):
    from coordination.housing.criteria import housing_note

    older = NeedAssessment.objects.create(
        local_government=world.body,
        case=world.case,
        organization=world.lead,
        assessed_on="2025-04-01",
    )
    Need.objects.create(assessment=older, area=NeedArea.HOUSING, note="家賃 3万円")
    newer = NeedAssessment.objects.create(
        local_government=world.body,
        case=world.case,
        organization=world.lead,
        assessed_on="2025-10-01",
    )
    Need.objects.create(assessment=newer, area=NeedArea.HOUSING, note="家賃 4万円")
    assert housing_note(world.case) == "家賃 4万円"
