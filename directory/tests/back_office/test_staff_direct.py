"""The directory's back office, continued: the secretariat edits directly and assigns who keeps
what; the lists (filters, sorting, CSV, query counts); the menu and the empty states."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from directory.back_office import services as cs
from directory.models import ChangeRequest, Service
from directory.tests import factories as f
from directory.tests.back_office.helpers import (
    current_values,
    kept_organization,
    need,
    partner_of,
    phone_service,
    revision,
    secretariat_of,
    service_post,
)


def test_the_secretariat_edits_directly_and_it_is_audited(client, city):
    organization = kept_organization(city)
    old_name, old_website = organization.name, organization.website
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
    assert_audited(
        action="directory_organization.update",
        actor=secretariat_of(city),
        obj=organization,
        changes_include={
            "name": {"before": old_name, "after": "改称した団体（架空）"},
            "website": {"before": old_website, "after": "https://example.jp/"},
        },
    )


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
