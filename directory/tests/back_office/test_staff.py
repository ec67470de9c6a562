"""The directory's back office: a partner keeps its own entries by proposing changes, the
secretariat reviews them before they are public, edits directly and assigns who keeps what;
entries not verified for 12 months are flagged 要確認. Every write is validated and audited."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory
from directory.back_office import entry_values
from directory.back_office import selectors as staff_selectors
from directory.back_office import services as cs
from directory.models import ChangeRequest, Organization, Service, Taxonomy
from directory.tests import factories as f

PASSWORD = "correct horse battery staple"
PENDING, APPROVED, REJECTED = (
    ChangeRequest.State.PENDING,
    ChangeRequest.State.APPROVED,
    ChangeRequest.State.REJECTED,
)


# --- helpers -----------------------------------------------------------------------------------


def partner_of(city):
    return city.users[Role.PARTNER]


def secretariat_of(city):
    return city.users[Role.SECRETARIAT]


def kept_organization(city, **extra):
    """A directory organization kept by the city's partner user."""
    return f.OrganizationFactory(
        local_government=city.lg, maintainer=partner_of(city).organization, **extra
    )


def phone_service(organization, number="096-000-1111", **extra):
    service = f.ServiceFactory(organization=organization, **extra)
    f.PhoneFactory(local_government=service.local_government, service=service, number=number)
    f.ScheduleFactory(
        local_government=service.local_government,
        service=service,
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    return service


def need(city, code="housing", name="住まい"):
    taxonomy = f.TaxonomyFactory(local_government=city.lg, kind=Taxonomy.Kind.NEED)
    return f.TaxonomyTermFactory(taxonomy=taxonomy, code=code, name=name)


def revision(local_government) -> int:
    return LocalGovernment.objects.get(pk=local_government.pk).content_revision


def service_post(values: dict, **overrides) -> dict:
    """The POST data of the service form (with its phone and hours form sets)."""
    values = {**values, **overrides}
    data = {
        name: values.get(name, "")
        for name in (
            "name",
            "summary",
            "internal_note",
            "area",
            "description",
            "plain_description",
            "eligibility_description",
            "application_process",
            "fees_description",
            "url",
            "email",
        )
    }
    data["status"] = values.get("status", "active")
    data["reach"] = values.get("reach", "person")  # the secretariat's form (ignored otherwise)
    data["area_wards"] = values.get("area_wards", [])
    if values.get("is_general_window"):
        data["is_general_window"] = "on"
    if values.get("review_status"):
        data["review_status"] = values["review_status"]
    if values.get("is_24_hours"):
        data["is_24_hours"] = "on"
    terms = values.get("terms", [])
    for kind, field in (("need", "needs"), ("audience", "audiences"), ("situation", "situations")):
        data[field] = [key for key in terms if key.startswith(f"{kind}:")]
    phones = values.get("phones", [])
    data.update(
        {
            "phones-TOTAL_FORMS": str(len(phones)),
            "phones-INITIAL_FORMS": "0",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "5",
        }
    )
    for i, phone in enumerate(phones):
        data[f"phones-{i}-number"] = phone["number"]
        data[f"phones-{i}-extension"] = phone.get("extension", "")
        data[f"phones-{i}-type"] = phone.get("type", "voice")
        data[f"phones-{i}-description"] = phone.get("description", "")
    schedules = values.get("schedules", [])
    data.update(
        {
            "schedules-TOTAL_FORMS": str(len(schedules)),
            "schedules-INITIAL_FORMS": "0",
            "schedules-MIN_NUM_FORMS": "0",
            "schedules-MAX_NUM_FORMS": "5",
        }
    )
    for i, row in enumerate(schedules):
        data[f"schedules-{i}-days"] = [day for day in row["byday"].split(",") if day]
        data[f"schedules-{i}-opens_at"] = row["opens_at"]
        data[f"schedules-{i}-closes_at"] = row["closes_at"]
        data[f"schedules-{i}-notes"] = row.get("notes", "")
    return data


def current_values(service):
    return entry_values.service_values(Service.objects.get(pk=service.pk))


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "096-328-2397",
        "0963282397",
        "090-1234-5678",
        "080-1234-5678",
        "050-1234-5678",
        "0120-123-456",
        "0800-123-4567",
        "0570-00-1234",
        "110",
        "#9110",
    ],
)
def test_it_accepts_japanese_phone_numbers(number):
    assert entry_values.phone_error(entry_values.normalize_phone(number)) is None


@pytest.mark.parametrize(
    "number",
    ["12345", "096-328-239", "096-328-23977", "096-328-239777", "96-328-2397", "096--328-2397", "-096-328-2397",
     "tel:0963282397", "096(328)2397", "#91100", "1100"],
)  # fmt: skip
def test_it_refuses_what_is_not_a_japanese_phone_number(number):
    assert entry_values.phone_error(entry_values.normalize_phone(number))


def test_it_normalizes_full_width_phone_numbers():
    assert entry_values.normalize_phone("０９６－３２８－２３９７") == "096-328-2397"
    assert entry_values.normalize_phone("096 328 2397") == "096-328-2397"


def test_it_refuses_opening_hours_that_end_before_they_begin():
    assert entry_values.schedule_error(["MO"], datetime.time(17), datetime.time(9))
    assert entry_values.schedule_error(["MO"], datetime.time(9), datetime.time(9))
    assert entry_values.schedule_error([], datetime.time(9), datetime.time(17))
    assert entry_values.schedule_error(["MO"], datetime.time(9), datetime.time(17)) is None


# --- the 12-month flag -------------------------------------------------------------------------


def test_it_counts_twelve_months_back_to_the_same_day():
    assert staff_selectors.verification_cutoff(datetime.date(2025, 6, 15)) == datetime.date(
        2024, 6, 15
    )
    # 2025-02-28 has no 2024 twin beyond the 29th; 2024-02-29 has none in 2023
    assert staff_selectors.verification_cutoff(datetime.date(2024, 2, 29)) == datetime.date(
        2023, 2, 28
    )
    assert staff_selectors.verification_cutoff(datetime.date(2025, 1, 31)) == datetime.date(
        2024, 1, 31
    )


def test_it_flags_entries_not_verified_for_twelve_months(client, city):
    today = timezone.localdate()
    cutoff = staff_selectors.verification_cutoff(today)
    stale = kept_organization(
        city, name="古い団体（架空）", last_verified_on=cutoff - datetime.timedelta(days=1)
    )
    never = kept_organization(city, name="未確認の団体（架空）", last_verified_on=None)
    fresh = kept_organization(city, name="新しい団体（架空）", last_verified_on=cutoff)
    organizations = staff_selectors.organization_list(
        Organization.objects.filter(local_government=city.lg), cutoff=cutoff
    )
    flags = {organization.pk: organization.is_due for organization in organizations}
    assert flags == {stale.pk: True, never.pk: True, fresh.pk: False}

    client.force_login(secretariat_of(city))
    response = client.get(reverse("directory_admin:index"), {"due": "on"})
    body = response.content.decode()
    assert "古い団体" in body and "未確認の団体" in body and "新しい団体" not in body
    assert body.count("要確認</span>") == 2


def test_it_reports_entries_to_verify_per_maintainer(city):
    kept_organization(city, name="見直しが必要な団体（架空）", last_verified_on=None)
    orphan = f.OrganizationFactory(
        local_government=city.lg, name="管理者のいない団体（架空）", last_verified_on=None
    )
    f.ServiceFactory(
        organization=orphan, name="古い窓口（架空）", last_verified_on=datetime.date(2020, 1, 1)
    )
    f.OrganizationFactory(
        local_government=city.lg,
        name="確認済みの団体（架空）",
        last_verified_on=timezone.localdate(),
    )
    f.OrganizationFactory(
        local_government=city.lg,
        name="非公開の団体（架空）",
        review_status="draft",
        last_verified_on=None,
    )
    out = io.StringIO()
    call_command("directory_verification_report", "--lg", city.lg.slug, stdout=out)
    text = out.getvalue()
    assert "要確認の掲載 3件" in text
    partner_block, orphan_block = text.split("（管理する組織が未設定）")
    assert f"[{partner_of(city).organization.name}] 1件" in partner_block
    assert "見直しが必要な団体" in partner_block
    assert "管理者のいない団体" in orphan_block and "古い窓口" in orphan_block
    assert "2020-01-01" in orphan_block
    assert "確認済みの団体" not in text and "非公開の団体" not in text


# --- proposals and review ----------------------------------------------------------------------


def test_a_partner_proposes_and_the_secretariat_approves(city):
    organization = kept_organization(city)
    service = phone_service(organization)
    term = need(city)
    before_revision = revision(city.lg)
    values = {
        **current_values(service),
        "phones": [
            {"number": "096-328-2397", "extension": "", "type": "voice", "description": "相談専用"}
        ],
        "terms": [entry_values.term_key(term)],
    }

    change = cs.service_change_propose(actor=partner_of(city), service=service, values=values)

    assert change.state == PENDING
    assert set(change.proposed["values"]) == {"phones", "terms"}
    assert change.proposed["before"]["phones"][0]["number"] == "096-000-1111"
    assert list(service.phones.values_list("number", flat=True)) == ["096-000-1111"]
    assert revision(city.lg) == before_revision  # nothing public changed yet

    cs.change_approve(actor=secretariat_of(city), change_request=change, comment="確認しました")

    change.refresh_from_db()
    service.refresh_from_db()
    assert change.state == APPROVED and change.reviewed_by == secretariat_of(city)
    assert list(service.phones.values_list("number", "description")) == [
        ("096-328-2397", "相談専用")
    ]
    assert list(service.terms.all()) == [term]
    assert service.last_verified_on == timezone.localdate()
    assert revision(city.lg) == before_revision + 1
    entry = AuditEntry.objects.get(action="directory_service.update", object_id=str(service.pk))
    assert entry.changes["phones"]["after"][0]["number"] == "096-328-2397"
    assert entry.actor == secretariat_of(city)
    assert AuditEntry.objects.filter(action="directory_change.approve").count() == 1
    assert AuditEntry.objects.filter(action="directory_change.propose").count() == 1


def test_a_rejected_proposal_changes_nothing_and_tells_the_partner_why(client, city):
    organization = kept_organization(city, description="元の説明")
    change = cs.organization_change_propose(
        actor=partner_of(city),
        organization=organization,
        values={"description": "新しい説明", "website": "", "email": ""},
    )
    with pytest.raises(ValidationError):
        cs.change_reject(actor=secretariat_of(city), change_request=change, comment="  ")

    cs.change_reject(
        actor=secretariat_of(city), change_request=change, comment="根拠の資料を添えてください"
    )

    organization.refresh_from_db()
    change.refresh_from_db()
    assert organization.description == "元の説明"
    assert organization.last_verified_on is None
    assert change.state == REJECTED
    assert AuditEntry.objects.filter(action="directory_change.reject").count() == 1
    client.force_login(partner_of(city))
    response = client.get(reverse("directory_admin:changes"))
    assert "根拠の資料を添えてください" in response.content.decode()
    assert "見送り" in response.content.decode()


def test_a_proposal_waits_for_the_previous_one(city):
    organization = kept_organization(city)
    cs.organization_change_propose(
        actor=partner_of(city), organization=organization, values={"description": "一回目"}
    )
    with pytest.raises(ValidationError, match="確認待ち"):
        cs.organization_change_propose(
            actor=partner_of(city), organization=organization, values={"description": "二回目"}
        )


def test_a_proposal_that_changes_nothing_is_refused(city):
    organization = kept_organization(city, description="同じ説明")
    with pytest.raises(ValidationError, match="変更された項目がありません"):
        cs.organization_change_propose(
            actor=partner_of(city), organization=organization, values={"description": "同じ説明"}
        )
    assert not ChangeRequest.objects.exists()


def test_a_request_is_reviewed_only_once(city):
    organization = kept_organization(city)
    change = cs.organization_change_propose(
        actor=partner_of(city), organization=organization, values={"description": "新しい説明"}
    )
    cs.change_approve(actor=secretariat_of(city), change_request=change)
    with pytest.raises(ValidationError, match="すでに確認済み"):
        cs.change_reject(actor=secretariat_of(city), change_request=change, comment="やはり")
    organization.refresh_from_db()
    assert organization.description == "新しい説明"


def test_a_new_service_is_a_draft_until_approved(city):
    organization = kept_organization(city)
    values = {
        "name": "夜間の電話相談（架空）",
        "description": "夜に話を聞きます。",
        "status": "active",
        "phones": [{"number": "#9110"}],
        "schedules": [{"byday": "MO,FR", "opens_at": "18:00", "closes_at": "22:00"}],
    }
    change = cs.service_propose_new(
        actor=partner_of(city), organization=organization, values=values
    )

    service = change.service
    assert service.review_status == "draft"
    assert list(service.phones.values_list("number", flat=True)) == ["#9110"]
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.opens_at) == ("MO,FR", datetime.time(18))

    cs.change_approve(actor=secretariat_of(city), change_request=change)
    service.refresh_from_db()
    assert service.review_status == "published"
    assert AuditEntry.objects.filter(action="directory_service.create").count() == 1


def test_a_partner_cannot_touch_another_partners_entry(client, city):
    other_body = OrganizationFactory(local_government=city.lg, name="別の団体（架空）")
    other = f.OrganizationFactory(local_government=city.lg, maintainer=other_body)
    service = phone_service(other)
    partner = partner_of(city)
    with pytest.raises(PermissionDenied):
        cs.organization_change_propose(
            actor=partner, organization=other, values={"description": "x"}
        )
    with pytest.raises(PermissionDenied):
        cs.service_change_propose(actor=partner, service=service, values={"name": "x"})
    with pytest.raises(PermissionDenied):
        cs.organization_verify(actor=partner, organization=other)

    client.force_login(partner)
    for url in (
        reverse("directory_admin:organization_detail", args=[other.pk]),
        reverse("directory_admin:organization_edit", args=[other.pk]),
        reverse("directory_admin:service_create", args=[other.pk]),
        reverse("directory_admin:service_edit", args=[service.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("directory_admin:service_edit", args=[service.pk]),
        service_post(current_values(service), name="乗っ取り"),
    )
    assert response.status_code == 404
    assert (
        client.post(reverse("directory_admin:organization_verify", args=[other.pk])).status_code
        == 404
    )
    assert not ChangeRequest.objects.exists()
    body = client.get(reverse("directory_admin:index")).content.decode()
    assert other.name not in body


def test_another_local_governments_records_are_not_found(client, city):
    elsewhere = LocalGovernmentFactory()
    organization = f.OrganizationFactory(local_government=elsewhere)
    service = phone_service(organization)
    change = ChangeRequest.objects.create(
        local_government=elsewhere,
        organization=organization,
        proposed={"kind": "organization", "values": {"description": "x"}, "before": {}},
    )
    client.force_login(secretariat_of(city))
    for url in (
        reverse("directory_admin:organization_detail", args=[organization.pk]),
        reverse("directory_admin:organization_maintainer", args=[organization.pk]),
        reverse("directory_admin:service_edit", args=[service.pk]),
        reverse("directory_admin:change_detail", args=[change.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("directory_admin:change_review", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert ChangeRequest.objects.get(pk=change.pk).state == PENDING


def test_huge_ids_are_not_found(client, city):
    client.force_login(secretariat_of(city))
    for path in (
        "organizations/99999999999/",
        "services/99999999999/edit/",
        "changes/99999999999/",
    ):
        assert client.get(f"/staff/directory/{path}").status_code == 404


def test_the_verification_button_dates_the_entry_today(client, city):
    organization = kept_organization(city, last_verified_on=datetime.date(2020, 4, 1))
    service = phone_service(organization, last_verified_on=None)
    client.force_login(partner_of(city))
    url = reverse("directory_admin:organization_verify", args=[organization.pk])
    assert client.get(url).status_code == 405

    response = client.post(url, follow=True)

    assert "確認済みにしました" in response.content.decode()
    organization.refresh_from_db()
    service.refresh_from_db()
    assert organization.last_verified_on == service.last_verified_on == timezone.localdate()
    entry = AuditEntry.objects.get(action="directory_organization.verify")
    assert entry.actor == partner_of(city)
    assert entry.changes["last_verified_on"]["before"] == "2020-04-01"
    assert not ChangeRequest.objects.exists()  # no review: nothing but the date changed


# --- views -------------------------------------------------------------------------------------


def test_a_phone_change_goes_from_the_partners_form_to_the_public_data(client, city):
    organization = kept_organization(city)
    service = phone_service(organization)
    client.force_login(partner_of(city))
    page = client.get(reverse("directory_admin:service_edit", args=[service.pk]))
    assert page.status_code == 200
    assert 'value="096-000-1111"' in page.content.decode()

    values = current_values(service)
    values["phones"] = [{"number": "０９６－３２８－２３９７"}]
    response = client.post(
        reverse("directory_admin:service_edit", args=[service.pk]), service_post(values)
    )

    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.proposed["values"] == {
        "phones": [{"number": "096-328-2397", "extension": "", "type": "voice", "description": ""}]
    }
    client.force_login(secretariat_of(city))
    detail = client.get(reverse("directory_admin:change_detail", args=[change.pk])).content.decode()
    assert "<del>096-000-1111</del>" in detail and "<ins>096-328-2397</ins>" in detail
    response = client.post(
        reverse("directory_admin:change_review", args=[change.pk]),
        {"decision": "approve", "comment": ""},
    )
    assert response.status_code == 302
    assert list(service.phones.values_list("number", flat=True)) == ["096-328-2397"]
    # the schedule the partner left alone is still there
    assert service.schedules.get().opens_at == datetime.time(9)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phones": [{"number": "12-34"}]}, "0から始まる数字とハイフン"),
        ({"phones": [{"number": "096-328-239"}]}, "桁数が正しくありません"),
        (
            {"schedules": [{"byday": "MO", "opens_at": "17:00", "closes_at": "09:00"}]},
            "終了時刻は開始時刻より後",
        ),
        ({"schedules": [{"byday": "", "opens_at": "09:00", "closes_at": "17:00"}]}, "曜日を選んで"),
        (
            {"schedules": [{"byday": "MO", "opens_at": "25:99", "closes_at": "17:00"}]},
            "09:00 のように",
        ),
        ({"url": "javascript:alert(1)"}, "https://"),
        ({"email": "not-an-address"}, "メールアドレス"),
        ({"name": ""}, "名称を入力してください"),
        ({"terms": ["need:999999999999999"]}, "一覧にある分類"),
        ({"status": "nonsense"}, "一覧から選んでください"),
    ],
)
def test_bad_input_gives_a_japanese_message_and_changes_nothing(client, city, overrides, message):
    organization = kept_organization(city)
    service = phone_service(organization)
    client.force_login(partner_of(city))
    response = client.post(
        reverse("directory_admin:service_edit", args=[service.pk]),
        service_post(current_values(service), **overrides),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_tampered_form_is_refused_without_an_error_page(client, city):
    organization = kept_organization(city)
    service = phone_service(organization)
    client.force_login(secretariat_of(city))
    data = service_post(current_values(service))
    data["phones-TOTAL_FORMS"] = "100000"
    response = client.post(reverse("directory_admin:service_edit", args=[service.pk]), data)
    assert response.status_code == 200
    del data["phones-TOTAL_FORMS"]
    response = client.post(reverse("directory_admin:service_edit", args=[service.pk]), data)
    assert response.status_code == 200
    response = client.post(
        reverse("directory_admin:organization_maintainer", args=[organization.pk]),
        {"maintainer": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert "一覧にある組織" in response.content.decode()
    response = client.get(
        reverse("directory_admin:services"), {"need": "x" * 500, "sort": "evil", "page": "-1"}
    )
    assert response.status_code == 200


def test_the_secretariat_edits_directly_and_it_is_audited(client, city):
    organization = kept_organization(city)
    service = phone_service(organization)
    client.force_login(secretariat_of(city))
    before_revision = revision(city.lg)
    response = client.post(
        reverse("directory_admin:service_edit", args=[service.pk]),
        service_post(current_values(service), fees_description="無料", review_status="published"),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.fees_description == "無料"
    assert not ChangeRequest.objects.exists()
    entry = AuditEntry.objects.get(action="directory_service.update")
    assert entry.changes == {"fees_description": {"before": "", "after": "無料"}}
    assert revision(city.lg) == before_revision + 1

    response = client.post(
        reverse("directory_admin:organization_edit", args=[organization.pk]),
        {
            "name": "改称した団体（架空）",
            "category": "partner",
            "review_status": "published",
            "website": "https://example.jp/",
            "description": organization.description,
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.website) == (
        "改称した団体（架空）",
        "https://example.jp/",
    )
    assert AuditEntry.objects.filter(action="directory_organization.update").count() == 1


def test_an_organization_keeps_a_description(client, city):
    organization = kept_organization(city)
    client.force_login(secretariat_of(city))
    response = client.post(
        reverse("directory_admin:organization_edit", args=[organization.pk]),
        {"name": organization.name, "category": "partner", "review_status": "published"},
    )
    assert response.status_code == 200
    assert "説明を入力してください。" in response.content.decode()
    before = organization.description
    organization.refresh_from_db()
    assert organization.description == before and before


def test_the_secretariat_adds_a_published_service(client, city):
    organization = kept_organization(city)
    client.force_login(secretariat_of(city))
    response = client.post(
        reverse("directory_admin:service_create", args=[organization.pk]),
        service_post(
            {
                "name": "就労相談（架空）",
                "review_status": "published",
                "phones": [{"number": "110"}],
            }
        ),
    )
    assert response.status_code == 302
    service = Service.objects.get(name="就労相談（架空）")
    assert service.review_status == "published"
    assert list(service.phones.values_list("number", flat=True)) == ["110"]


def test_a_partner_proposes_a_new_service_through_the_form(client, city):
    organization = kept_organization(city)
    client.force_login(partner_of(city))
    response = client.post(
        reverse("directory_admin:service_create", args=[organization.pk]),
        service_post({"name": "住まい探しの同行（架空）", "review_status": "published"}),
    )
    assert response.status_code == 302
    service = Service.objects.get(name="住まい探しの同行（架空）")
    assert service.review_status == "draft"  # a partner cannot publish by sending the field
    assert ChangeRequest.objects.get().proposed["kind"] == "new_service"


def test_the_secretariat_assigns_a_maintainer(client, city):
    organization = f.OrganizationFactory(local_government=city.lg)
    housing_body = city.users[Role.HOUSING_PROVIDER].organization
    elsewhere_body = OrganizationFactory(local_government=LocalGovernmentFactory())
    client.force_login(secretariat_of(city))
    url = reverse("directory_admin:organization_maintainer", args=[organization.pk])
    page = client.get(url).content.decode()
    assert housing_body.name in page
    assert (
        city.users[Role.DEPARTMENT].organization.name not in page
    )  # city departments are not offered

    response = client.post(url, {"maintainer": str(elsewhere_body.pk)})
    assert response.status_code == 200
    with pytest.raises(ValidationError):
        cs.organization_assign_maintainer(
            actor=secretariat_of(city), organization=organization, maintainer=elsewhere_body
        )

    assert client.post(url, {"maintainer": str(housing_body.pk)}).status_code == 302
    organization.refresh_from_db()
    assert organization.maintainer == housing_body
    entry = AuditEntry.objects.get(action="directory_organization.assign_maintainer")
    assert entry.changes["maintainer"]["after"] == housing_body.name
    # the housing provider now sees it
    client.force_login(city.users[Role.HOUSING_PROVIDER])
    assert (
        client.get(
            reverse("directory_admin:organization_detail", args=[organization.pk])
        ).status_code
        == 200
    )


def test_the_lists_filter_and_sort(client, city):
    housing = need(city)
    a = kept_organization(
        city, name="あ団体（架空）", category="council", last_verified_on=timezone.localdate()
    )
    b = f.OrganizationFactory(local_government=city.lg, name="い団体（架空）", category="hotline")
    phone_service(
        a, name="住まいの窓口（架空）", terms=[housing], last_verified_on=timezone.localdate()
    )
    phone_service(b, name="電話の窓口（架空）", status="inactive")
    cs.organization_change_propose(
        actor=partner_of(city), organization=a, values={"description": "x"}
    )
    client.force_login(secretariat_of(city))

    def names(url, **params):
        body = client.get(reverse(url), params).content.decode()
        return re.findall(r"<th scope=\"row\"><a [^>]*>([^<]+)</a>", body)

    assert names("directory_admin:index") == ["あ団体（架空）", "い団体（架空）"]
    assert names("directory_admin:index", category="hotline") == ["い団体（架空）"]
    assert names("directory_admin:index", pending="on") == ["あ団体（架空）"]
    assert names("directory_admin:index", due="on") == ["い団体（架空）"]
    assert names("directory_admin:index", sort="-verified") == ["あ団体（架空）", "い団体（架空）"]
    assert names("directory_admin:index", sort="verified") == ["い団体（架空）", "あ団体（架空）"]
    assert names("directory_admin:services", need="housing") == ["住まいの窓口（架空）"]
    assert names("directory_admin:services", status="inactive") == ["電話の窓口（架空）"]
    assert names("directory_admin:services", q="電話") == ["電話の窓口（架空）"]
    assert names("directory_admin:services", due="on") == ["電話の窓口（架空）"]

    client.force_login(partner_of(city))
    assert names("directory_admin:index") == ["あ団体（架空）"]
    assert names("directory_admin:services") == ["住まいの窓口（架空）"]


def test_the_lists_export_csv(client, city):
    housing = need(city)
    organization = kept_organization(city, name="=危険な名前（架空）")
    phone_service(organization, name="住まいの窓口（架空）", terms=[housing])
    f.OrganizationFactory(local_government=city.lg, name="別の団体（架空）", category="hotline")
    client.force_login(secretariat_of(city))

    response = client.get(reverse("directory_admin:services_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["機関・団体", "区分", "情報を管理する組織", "支援・サービス"]
    assert rows[1][0] == "'=危険な名前（架空）"  # not run as a formula by Excel
    assert rows[1][3] == "住まいの窓口（架空）"
    assert rows[1][6] == "住まい"
    assert rows[1][7] == "096-000-1111"
    assert rows[1][8] == "月・火・水・木・金 09:00〜17:00"
    assert rows[1][11] == "要確認"

    response = client.get(reverse("directory_admin:organizations_csv"), {"category": "hotline"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["別の団体（架空）"]

    client.force_login(partner_of(city))
    response = client.get(reverse("directory_admin:organizations_csv"))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["'=危険な名前（架空）"]


def _fill(city, count):
    housing = need(city, code=f"n{count}", name=f"困りごと{count}")
    for _ in range(count):
        organization = kept_organization(city)
        service = phone_service(organization, terms=[housing])
        ChangeRequest.objects.create(
            local_government=city.lg,
            organization=organization,
            service=service,
            proposed={"kind": "service", "values": {"name": "x"}, "before": {}},
        )


@pytest.mark.parametrize(
    "url",
    [
        "directory_admin:index",
        "directory_admin:services",
        "directory_admin:changes",
        "directory_admin:services_csv",
    ],
)
def test_the_lists_take_the_same_number_of_queries_however_long(
    client, city, url, django_assert_max_num_queries
):
    client.force_login(secretariat_of(city))
    _fill(city, 2)
    client.get(reverse(url))  # warm the session and the content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url)).status_code == 200
    _fill(city, 12)
    with CaptureQueriesContext(connection) as big:
        assert client.get(reverse(url)).status_code == 200
    assert len(big) == len(small), [q["sql"] for q in big.captured_queries]
    with django_assert_max_num_queries(20):
        client.get(reverse(url))


def test_the_menu_shows_the_directory_to_its_roles_only(client, city):
    link = reverse("directory_admin:index")
    for role in Role:
        client.force_login(city.users[role])
        body = client.get(reverse("staff:home")).content.decode()
        expected = role in (Role.SECRETARIAT, Role.PARTNER, Role.HOUSING_PROVIDER)
        assert (f'href="{link}"' in body) == expected, role


def test_a_partner_with_no_entries_is_told_whom_to_ask(client, city):
    client.force_login(city.users[Role.HOUSING_PROVIDER])
    body = client.get(reverse("directory_admin:index")).content.decode()
    assert "事務局に「情報を管理する組織」への設定を依頼してください" in body


def test_user_of_another_local_government_sees_only_its_own(client, city):
    other_lg = LocalGovernmentFactory()
    secretariat = UserFactory(
        role=Role.SECRETARIAT, organization=OrganizationFactory(local_government=other_lg)
    )
    kept_organization(city, name="テスト市の団体（架空）")
    client.force_login(secretariat)
    assert "テスト市の団体" not in client.get(reverse("directory_admin:index")).content.decode()


def test_a_partner_proposes_an_organization_change_through_the_form(client, city):
    organization = kept_organization(city, website="https://old.example.jp/")
    client.force_login(partner_of(city))
    url = reverse("directory_admin:organization_edit", args=[organization.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' not in page  # a partner cannot rename or recategorize

    response = client.post(url, {"description": "説明", "website": "not a url", "email": ""})
    assert response.status_code == 200
    assert "https:// から始まる形" in response.content.decode()
    assert not ChangeRequest.objects.exists()

    response = client.post(
        url, {"description": "説明", "website": "https://new.example.jp/", "name": "改名"}
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.proposed["values"] == {
        "description": "説明",
        "website": "https://new.example.jp/",
    }
    organization.refresh_from_db()
    assert organization.website == "https://old.example.jp/"  # not before review
    assert organization.name != "改名"
