"""The secretariat's fields of a service in the back office (issue 12): the one-line summary,
the staff-only note, the area with its wards, who can reach it and the general-window mark."""

from django.urls import reverse

from core.models import AuditEntry
from directory.models import Reach, ServiceArea
from directory.tests.back_office.helpers import (
    current_values,
    kept_organization,
    partner_of,
    phone_service,
    secretariat_of,
    service_post,
)

WARDS = ["中央区", "東区", "西区", "南区", "北区"]


def with_wards(city):
    city.lg.wards = WARDS
    city.lg.save(update_fields=["wards"])


def edit(client, service, **overrides):
    return client.post(
        reverse("directory_admin:service_edit", args=[service.pk]),
        service_post(current_values(service), review_status="published", **overrides),
    )


def test_the_secretariat_sets_area_reach_note_and_window_and_it_is_audited(client, city):
    with_wards(city)
    service = phone_service(kept_organization(city))
    client.force_login(secretariat_of(city))
    form = client.get(reverse("directory_admin:service_edit", args=[service.pk])).content.decode()
    assert "職員用メモ（非公開）" in form
    for ward in WARDS:
        assert f'value="{ward}"' in form
    response = edit(
        client,
        service,
        summary="電話で話を聞きます（架空）。",
        internal_note="資料編7(1)に掲載（架空）",
        area="wards",
        area_wards=["北区", "中央区"],
        reach="professional",
        is_general_window=True,
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.summary == "電話で話を聞きます（架空）。"
    assert service.internal_note == "資料編7(1)に掲載（架空）"
    assert (service.area, service.area_wards) == (ServiceArea.WARDS, ["中央区", "北区"])
    assert service.reach == Reach.PROFESSIONAL and service.is_general_window
    changes = AuditEntry.objects.get(action="directory_service.update").changes
    assert {"summary", "internal_note", "area", "area_wards", "reach"} <= set(changes)

    page = client.get(
        reverse("directory_admin:organization_detail", args=[service.organization.pk])
    ).content.decode()
    assert "資料編7(1)に掲載（架空）" in page and "北区" in page
    public = client.get(reverse("help:service", kwargs={"lg": "testcity", "pk": service.pk}))
    assert "資料編7(1)" not in public.content.decode()


def test_wards_are_needed_for_an_area_by_ward_and_must_be_the_citys(client, city):
    with_wards(city)
    service = phone_service(kept_organization(city))
    client.force_login(secretariat_of(city))
    response = edit(client, service, area="wards")
    assert response.status_code == 200
    assert "区を1つ以上選んでください" in response.content.decode()
    response = edit(client, service, area="wards", area_wards=["月区"])
    assert response.status_code == 200
    assert "一覧にある区を選んでください" in response.content.decode()
    response = edit(client, service, area="city", area_wards=["北区"])
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.area, service.area_wards) == (ServiceArea.CITY, [])


def test_bad_input_gets_a_message_not_an_error_page(client, city):
    service = phone_service(kept_organization(city))
    client.force_login(secretariat_of(city))
    response = edit(client, service, reach="everyone", area="moon", summary="あ" * 200)
    assert response.status_code == 200
    content = response.content.decode()
    assert "一覧から選んでください" in content and "120文字以内" in content


def test_a_partner_proposes_a_summary_but_not_the_secretariats_fields(client, city):
    service = phone_service(kept_organization(city))
    client.force_login(partner_of(city))
    form = client.get(reverse("directory_admin:service_edit", args=[service.pk])).content.decode()
    assert 'name="summary"' in form
    assert 'name="internal_note"' not in form and 'name="reach"' not in form
    response = client.post(
        reverse("directory_admin:service_edit", args=[service.pk]),
        service_post(current_values(service), summary="相談を受けます（架空）。", reach="employer"),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.reach == Reach.PERSON  # unchanged: proposals never carry it
    change = service.change_requests.get()
    assert change.proposed["values"]["summary"] == "相談を受けます（架空）。"
    assert "reach" not in change.proposed["values"]
