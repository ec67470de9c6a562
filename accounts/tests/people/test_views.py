"""The account and organization screens: what the secretariat and the system admin see and
do, another body's records answering 404, re-authentication before exports and role changes,
and deactivation signing the user out everywhere."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Organization, User
from accounts.tests.factories import OrganizationFactory, UserFactory, reauthenticate
from core.models import AuditEntry
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


@pytest.fixture
def stranger(db):
    lg = LocalGovernmentFactory(code="999993", slug="faraway", name="遠くの市（架空）")
    organization = OrganizationFactory(
        local_government=lg, kind=Organization.Kind.PARTNER, name="遠くの団体（架空）"
    )
    return UserFactory(
        role=Role.PARTNER, organization=organization, display_name="遠く 太郎（架空）"
    )


@pytest.fixture
def secretariat_client(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    return client


class TestList:
    def test_lists_the_own_bodys_accounts_only(self, secretariat_client, city, stranger):
        response = secretariat_client.get(reverse("people:index"))
        assert response.status_code == 200
        listed = list(response.context["page"])
        assert city.users[Role.PARTNER] in listed
        assert stranger not in listed
        assert city.users[Role.SYSTEM_ADMIN] not in listed
        assert "遠く 太郎" not in response.content.decode()

    def test_filters_by_role_organization_and_state(self, secretariat_client, city):
        partner = city.users[Role.PARTNER]
        UserFactory(role=Role.PARTNER, organization=partner.organization, is_active=False)
        url = reverse("people:index")
        listed = list(secretariat_client.get(url, {"role": "partner"}).context["page"])
        assert {user.role for user in listed} == {Role.PARTNER}
        assert len(listed) == 2
        listed = list(
            secretariat_client.get(url, {"role": "partner", "active": "no"}).context["page"]
        )
        assert len(listed) == 1 and not listed[0].is_active
        listed = list(
            secretariat_client.get(url, {"organization": partner.organization.pk}).context["page"]
        )
        assert all(user.organization == partner.organization for user in listed)
        response = secretariat_client.get(url, {"q": "該当なしの名前"})
        assert "条件に合うアカウントはありません" in response.content.decode()

    def test_sorts_and_pages(self, secretariat_client, city):
        organization = city.users[Role.PARTNER].organization
        for number in range(55):
            UserFactory(username=f"zz{number:02d}", role=Role.PARTNER, organization=organization)
        url = reverse("people:index")
        first = secretariat_client.get(url, {"sort": "-username"})
        assert first.context["page"][0].username == "zz54"
        assert first.context["page"].paginator.num_pages == 2
        assert 'rel="next"' in first.content.decode()
        second = secretariat_client.get(url, {"sort": "-username", "page": 2})
        assert len(second.context["page"]) == 55 + 6 - 50  # and the city's six role users
        ascending = secretariat_client.get(url, {"sort": "username"})
        assert ascending.context["page"][0].username < ascending.context["page"][1].username

    def test_a_system_admin_sees_every_body(self, client, city, stranger):
        client.force_login(city.users[Role.SYSTEM_ADMIN])
        response = client.get(reverse("people:index"))
        listed = list(response.context["page"])
        assert stranger in listed and city.users[Role.PARTNER] in listed
        response = client.get(reverse("people:index"), {"lg": stranger.local_government.pk})
        assert list(response.context["page"]) == [stranger]

    def test_the_csv_asks_for_reauthentication_first(self, secretariat_client, city, stranger):
        url = reverse("people:export_csv")
        response = secretariat_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        reauthenticate(secretariat_client)
        response = secretariat_client.get(url, {"role": "partner"})
        assert response.status_code == 200
        text = response.getvalue().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:4] == ["地方公共団体", "所属組織", "氏名", "ユーザー名"]
        usernames = [row[3] for row in rows[1:]]
        assert usernames == [city.users[Role.PARTNER].username]
        assert stranger.username not in text


class TestAccount:
    def test_another_bodys_account_is_404(self, secretariat_client, stranger):
        reauthenticate(secretariat_client)
        for name in ("people:detail", "people:edit"):
            assert (
                secretariat_client.get(reverse(name, kwargs={"pk": stranger.pk})).status_code == 404
            )
        for name in ("people:deactivate", "people:reactivate", "people:resend"):
            response = secretariat_client.post(reverse(name, kwargs={"pk": stranger.pk}))
            assert response.status_code == 404
        stranger.refresh_from_db()
        assert stranger.is_active
        assert not AuditEntry.objects.filter(action__startswith="user.").exists()

    def test_a_system_admins_account_is_not_on_these_screens(self, client, city):
        client.force_login(city.users[Role.SYSTEM_ADMIN])
        other_admin = UserFactory(role=Role.SYSTEM_ADMIN, organization=None)
        url = reverse("people:detail", kwargs={"pk": other_admin.pk})
        assert client.get(url).status_code == 404

    def test_edit_asks_for_reauthentication_then_changes_the_role(self, secretariat_client, city):
        user = city.users[Role.VOLUNTEER]
        url = reverse("people:edit", kwargs={"pk": user.pk})
        data = {
            "display_name": user.display_name,
            "role": Role.PARTNER,
            "organization": city.users[Role.PARTNER].organization.pk,
        }
        response = secretariat_client.post(url, data)
        assert response["Location"].startswith(reverse("accounts:reauth"))
        user.refresh_from_db()
        assert user.role == Role.VOLUNTEER
        reauthenticate(secretariat_client)
        assert secretariat_client.get(url).status_code == 200
        response = secretariat_client.post(url, data)
        assert response["Location"] == reverse("people:detail", kwargs={"pk": user.pk})
        user.refresh_from_db()
        assert user.role == Role.PARTNER
        entry = AuditEntry.objects.get(action="user.update")
        assert entry.actor == city.users[Role.SECRETARIAT]
        assert entry.object_id == str(user.pk)
        assert entry.changes["role"] == {"before": Role.VOLUNTEER, "after": Role.PARTNER}

    def test_a_mismatched_role_gets_a_message_and_changes_nothing(self, secretariat_client, city):
        reauthenticate(secretariat_client)
        user = city.users[Role.PARTNER]
        response = secretariat_client.post(
            reverse("people:edit", kwargs={"pk": user.pk}),
            {"display_name": "", "role": Role.DEPARTMENT, "organization": user.organization.pk},
        )
        assert response.status_code == 200
        assert (
            "市の担当課の組織に所属させてください" in response.content.decode().replace("」", "")
            or "種別が" in response.content.decode()
        )
        user.refresh_from_db()
        assert user.role == Role.PARTNER
        assert not AuditEntry.objects.filter(action="user.update").exists()

    def test_the_own_role_cannot_be_posted(self, secretariat_client, city):
        reauthenticate(secretariat_client)
        boss = city.users[Role.SECRETARIAT]
        UserFactory(role=Role.SECRETARIAT, organization=boss.organization)
        response = secretariat_client.post(
            reverse("people:edit", kwargs={"pk": boss.pk}),
            {
                "display_name": "事務局",
                "role": Role.DEPARTMENT,
                "organization": boss.organization.pk,
            },
        )
        assert response.status_code == 302  # the role field is disabled: the post is ignored
        boss.refresh_from_db()
        assert boss.role == Role.SECRETARIAT
        assert boss.display_name == "事務局"
        assert "role" not in AuditEntry.objects.get(action="user.update").changes

    def test_a_role_from_outside_the_choices_is_refused(self, secretariat_client, city):
        reauthenticate(secretariat_client)
        user = city.users[Role.PARTNER]
        response = secretariat_client.post(
            reverse("people:edit", kwargs={"pk": user.pk}),
            {"display_name": "", "role": "system_admin", "organization": user.organization.pk},
        )
        assert response.status_code == 200
        user.refresh_from_db()
        assert user.role == Role.PARTNER

    def test_deactivation_signs_the_user_out_everywhere(self, secretariat_client, city):
        user = city.users[Role.PARTNER]
        elsewhere = Client()
        elsewhere.force_login(user)
        assert elsewhere.get(reverse("staff:home")).status_code == 200
        response = secretariat_client.post(reverse("people:deactivate", kwargs={"pk": user.pk}))
        assert response.status_code == 302
        user.refresh_from_db()
        assert not user.is_active
        response = elsewhere.get(reverse("staff:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert not elsewhere.login(username=user.username, password="correct horse battery staple")

        secretariat_client.post(reverse("people:reactivate", kwargs={"pk": user.pk}))
        user.refresh_from_db()
        assert user.is_active
        assert elsewhere.login(username=user.username, password="correct horse battery staple")
        actions = list(
            AuditEntry.objects.filter(object_id=str(user.pk))
            .order_by("id")
            .values_list("action", "actor")
        )
        secretariat = city.users[Role.SECRETARIAT].pk
        assert actions == [("user.deactivate", secretariat), ("user.reactivate", secretariat)]

    def test_the_last_secretariat_cannot_be_stopped_from_the_page(self, client, city):
        client.force_login(city.users[Role.SYSTEM_ADMIN])
        boss = city.users[Role.SECRETARIAT]
        response = client.post(reverse("people:deactivate", kwargs={"pk": boss.pk}), follow=True)
        assert "停止できません" in response.content.decode()
        boss.refresh_from_db()
        assert boss.is_active

    def test_invite_asks_for_reauthentication_and_checks_the_form(self, secretariat_client, city):
        url = reverse("people:invite")
        assert secretariat_client.get(url)["Location"].startswith(reverse("accounts:reauth"))
        reauthenticate(secretariat_client)
        page = secretariat_client.get(url)
        assert page.status_code == 200
        choices = [str(value) for value, _label in page.context["form"].fields["role"].choices]
        assert "system_admin" not in choices
        response = secretariat_client.post(
            url, {"email": "not an address", "display_name": "", "role": "partner"}
        )
        assert response.status_code == 200
        assert "入力内容を確認してください" in response.content.decode()
        assert not User.objects.filter(username="not an address").exists()

    def test_a_system_admin_invites_into_any_body(
        self, client, city, stranger, django_capture_on_commit_callbacks, mailoutbox
    ):
        client.force_login(city.users[Role.SYSTEM_ADMIN])
        reauthenticate(client)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("people:invite"),
                {
                    "email": "far@example.jp",
                    "display_name": "遠く 花子（架空）",
                    "role": Role.PARTNER,
                    "organization": stranger.organization.pk,
                },
            )
        assert response.status_code == 302
        user = User.objects.get(username="far@example.jp")
        assert user.local_government == stranger.local_government
        assert len(mailoutbox) == 1
        assert "遠くの市" in mailoutbox[0].subject


class TestOrganizations:
    def test_lists_the_own_bodys_organizations_with_their_accounts(
        self, secretariat_client, city, stranger
    ):
        response = secretariat_client.get(reverse("people:organizations"))
        assert response.status_code == 200
        organizations = list(response.context["page"])
        assert city.users[Role.EMPLOYER].organization in organizations
        assert stranger.organization not in organizations
        partner_org = city.users[Role.PARTNER].organization
        row = next(org for org in organizations if org == partner_org)
        assert (row.account_count, row.active_count) == (1, 1)
        response = secretariat_client.get(
            reverse("people:organization_detail", kwargs={"pk": partner_org.pk})
        )
        assert city.users[Role.PARTNER].username in response.content.decode()
        response = secretariat_client.get(reverse("people:organizations"), {"kind": "employer"})
        assert {org.kind for org in response.context["page"]} == {"employer"}

    def test_another_bodys_organization_is_404(self, secretariat_client, stranger):
        pk = stranger.organization.pk
        for name in ("people:organization_detail", "people:organization_edit"):
            assert secretariat_client.get(reverse(name, kwargs={"pk": pk})).status_code == 404
        response = secretariat_client.post(
            reverse("people:organization_edit", kwargs={"pk": pk}),
            {"name": "乗っ取り", "kind": "partner"},
        )
        assert response.status_code == 404
        stranger.organization.refresh_from_db()
        assert stranger.organization.name == "遠くの団体（架空）"

    def test_create_and_edit_with_messages_in_japanese(self, secretariat_client, city):
        url = reverse("people:organization_create")
        response = secretariat_client.post(url, {"name": "", "kind": "city_department"})
        assert response.status_code == 200
        assert "この項目は必須です" in response.content.decode()
        response = secretariat_client.post(url, {"name": "ある課", "kind": "city_department"})
        assert "担当課（室）を指定してください" in response.content.decode()
        assert not Organization.objects.filter(name="ある課").exists()
        response = secretariat_client.post(
            url,
            {
                "name": "住宅政策課",
                "kind": "city_department",
                "department": city.departments["housing"].pk,
            },
        )
        assert "同じ種別で同じ名前の組織がすでにあります" in response.content.decode()
        response = secretariat_client.post(
            url,
            {
                "name": "住宅政策課（分室）",
                "kind": "city_department",
                "department": city.departments["housing"].pk,
            },
        )
        organization = Organization.objects.get(name="住宅政策課（分室）")
        assert response["Location"] == reverse(
            "people:organization_detail", kwargs={"pk": organization.pk}
        )
        assert organization.local_government == city.lg
        entry = AuditEntry.objects.get(action="organization.create")
        assert (entry.actor, entry.object_id) == (
            city.users[Role.SECRETARIAT],
            str(organization.pk),
        )

        edit = reverse("people:organization_edit", kwargs={"pk": organization.pk})
        assert secretariat_client.get(edit).status_code == 200
        secretariat_client.post(
            edit,
            {
                "name": "住宅政策課（別館）",
                "kind": "city_department",
                "department": city.departments["housing"].pk,
            },
        )
        entry = AuditEntry.objects.get(action="organization.update")
        assert entry.changes == {
            "name": {"before": "住宅政策課（分室）", "after": "住宅政策課（別館）"}
        }

    def test_another_bodys_department_is_not_offered(self, secretariat_client, city):
        from plans.tests.factories import DepartmentFactory

        foreign = DepartmentFactory(local_government=LocalGovernmentFactory(), name="よその課")
        response = secretariat_client.post(
            reverse("people:organization_create"),
            {"name": "よその課", "kind": "city_department", "department": foreign.pk},
        )
        assert response.status_code == 200
        assert not Organization.objects.filter(name="よその課").exists()

    def test_a_system_admin_creates_an_organization_in_a_chosen_body(self, client, city, stranger):
        client.force_login(city.users[Role.SYSTEM_ADMIN])
        response = client.post(
            reverse("people:organization_create"),
            {
                "local_government": stranger.local_government.pk,
                "name": "遠くの保護司会（架空）",
                "kind": "volunteer_group",
            },
        )
        assert response.status_code == 302
        organization = Organization.objects.get(name="遠くの保護司会（架空）")
        assert organization.local_government == stranger.local_government
        entry = AuditEntry.objects.get(action="organization.create")
        assert (entry.actor, entry.local_government) == (
            city.users[Role.SYSTEM_ADMIN],
            stranger.local_government,
        )
        response = client.get(reverse("people:organizations"), {"lg": stranger.local_government.pk})
        assert set(response.context["page"]) == {stranger.organization, organization}


def test_the_account_page_shows_the_invitation_and_what_can_be_done(client, city):
    from accounts.people.invitations import invitation_issue

    secretariat = city.users[Role.SECRETARIAT]
    user = UserFactory(
        role=Role.PARTNER,
        organization=city.users[Role.PARTNER].organization,
        email="waiting@example.jp",
    )
    user.set_unusable_password()
    user.save()
    invitation_issue(actor=secretariat, user=user)
    client.force_login(secretariat)
    html = client.get(reverse("people:detail", kwargs={"pk": user.pk})).content.decode()
    assert "招待中（パスワード未設定）" in html
    assert "まで使えます" in html
    assert reverse("people:resend", kwargs={"pk": user.pk}) in html
    assert reverse("people:deactivate", kwargs={"pk": user.pk}) in html
    assert reverse("staff:user_mfa", kwargs={"pk": user.pk}) in html  # codes and reset
    own = client.get(reverse("people:detail", kwargs={"pk": secretariat.pk})).content.decode()
    assert "自分のアカウントは停止できません" in own
    assert reverse("people:deactivate", kwargs={"pk": secretariat.pk}) not in own
