"""The rules of account management, enforced by accounts.people.services, and the audit
entry each change writes (actor, object, before → after)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Organization, User
from accounts.people import services
from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


def last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


@pytest.fixture
def secretariat(city):
    return city.users[Role.SECRETARIAT]


@pytest.fixture
def other_body():
    lg = LocalGovernmentFactory(code="999992", slug="othercity", name="よその市（架空）")
    organization = OrganizationFactory(local_government=lg, kind=Organization.Kind.PARTNER)
    return lg, UserFactory(role=Role.PARTNER, organization=organization)


def second_secretariat(city):
    return UserFactory(
        role=Role.SECRETARIAT, organization=city.users[Role.SECRETARIAT].organization
    )


class TestInvite:
    def test_creates_the_account_without_a_password_and_audits_it(
        self, city, secretariat, django_capture_on_commit_callbacks, mailoutbox
    ):
        organization = city.users[Role.PARTNER].organization
        with django_capture_on_commit_callbacks(execute=True):
            user = services.account_invite(
                actor=secretariat,
                email="New.Person@Example.jp",
                display_name=" 新人 花子（架空） ",
                role=Role.PARTNER,
                organization=organization,
            )
        assert user.username == "new.person@example.jp"
        assert user.display_name == "新人 花子（架空）"
        assert not user.has_usable_password()
        entry = last_entry("user.create")
        assert (entry.actor, entry.object_id, entry.local_government) == (
            secretariat,
            str(user.pk),
            city.lg,
        )
        assert entry.changes["role"] == {"before": None, "after": Role.PARTNER}
        assert entry.changes["organization"] == {"before": None, "after": organization.name}
        invite = last_entry("user.invite")
        assert (invite.actor, invite.object_id) == (secretariat, str(user.pk))
        assert invite.changes["resent"] is False
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == ["New.Person@example.jp"]  # the domain in lower case

    def test_refuses_a_taken_email(self, city, secretariat):
        with pytest.raises(ValidationError) as error:
            services.account_invite(
                actor=secretariat,
                email=city.users[Role.PARTNER].username.upper(),
                display_name="x",
                role=Role.PARTNER,
                organization=city.users[Role.PARTNER].organization,
            )
        assert "email" in error.value.message_dict

    def test_refuses_a_role_that_does_not_fit_the_organization(self, city, secretariat):
        with pytest.raises(ValidationError) as error:
            services.account_invite(
                actor=secretariat,
                email="a@example.jp",
                display_name="x",
                role=Role.DEPARTMENT,
                organization=city.users[Role.PARTNER].organization,
            )
        assert "市の担当課" in error.value.message_dict["organization"][0]
        assert not User.objects.filter(username="a@example.jp").exists()
        assert not AuditEntry.objects.filter(action="user.create").exists()

    def test_a_secretariat_cannot_give_the_system_admin_role(self, city, secretariat):
        with pytest.raises(ValidationError) as error:
            services.account_invite(
                actor=secretariat,
                email="boss@example.jp",
                display_name="x",
                role=Role.SYSTEM_ADMIN,
                organization=secretariat.organization,
            )
        assert "role" in error.value.message_dict

    def test_a_secretariat_cannot_invite_into_another_body(self, city, secretariat, other_body):
        _lg, stranger = other_body
        with pytest.raises(PermissionDenied):
            services.account_invite(
                actor=secretariat,
                email="b@example.jp",
                display_name="x",
                role=Role.PARTNER,
                organization=stranger.organization,
            )

    def test_a_system_admin_invites_a_new_bodys_first_secretariat(self, city, other_body):
        lg, _stranger = other_body
        department = city.departments["housing"].__class__.objects.create(
            local_government=lg, name="企画課（架空）"
        )
        admin = city.users[Role.SYSTEM_ADMIN]
        organization = services.organization_create(
            actor=admin,
            local_government=lg,
            name="企画課（架空）",
            kind=Organization.Kind.CITY_DEPARTMENT,
            department=department,
        )
        user = services.account_invite(
            actor=admin,
            email="first@example.jp",
            display_name="最初 事務局（架空）",
            role=Role.SECRETARIAT,
            organization=organization,
        )
        assert user.local_government == lg
        assert last_entry("user.create").actor == admin


class TestUpdate:
    def test_changes_the_role_and_organization_and_audits_before_and_after(self, city, secretariat):
        user = city.users[Role.VOLUNTEER]
        before_org = user.organization
        partner_org = city.users[Role.PARTNER].organization
        changes = services.account_update(
            actor=secretariat,
            user=user,
            role=Role.PARTNER,
            organization=partner_org,
            display_name=user.display_name,
        )
        user.refresh_from_db()
        assert (user.role, user.organization) == (Role.PARTNER, partner_org)
        entry = last_entry("user.update")
        assert (entry.actor, entry.object_id) == (secretariat, str(user.pk))
        assert (
            entry.changes
            == changes
            == {
                "role": {"before": Role.VOLUNTEER, "after": Role.PARTNER},
                "organization": {"before": before_org.name, "after": partner_org.name},
            }
        )

    def test_nobody_changes_their_own_role(self, city):
        boss = city.users[Role.SECRETARIAT]
        second_secretariat(city)
        with pytest.raises(ValidationError) as error:
            services.account_update(
                actor=boss,
                user=boss,
                role=Role.DEPARTMENT,
                organization=boss.organization,
                display_name="",
            )
        assert "自分の役割" in error.value.message_dict["role"][0]
        boss.refresh_from_db()
        assert boss.role == Role.SECRETARIAT
        assert not AuditEntry.objects.filter(action="user.update").exists()

    def test_a_department_user_is_refused_to_raise_itself(self, city):
        user = city.users[Role.DEPARTMENT]
        with pytest.raises(PermissionDenied):
            services.account_update(
                actor=user,
                user=user,
                role=Role.SECRETARIAT,
                organization=user.organization,
                display_name="",
            )

    def test_the_last_secretariat_keeps_its_role(self, city):
        admin = city.users[Role.SYSTEM_ADMIN]
        boss = city.users[Role.SECRETARIAT]
        with pytest.raises(ValidationError) as error:
            services.account_update(
                actor=admin,
                user=boss,
                role=Role.DEPARTMENT,
                organization=boss.organization,
                display_name="",
            )
        assert "事務局のアカウントはこれだけ" in error.value.messages[0]
        second_secretariat(city)
        services.account_update(
            actor=admin,
            user=boss,
            role=Role.DEPARTMENT,
            organization=boss.organization,
            display_name="",
        )
        boss.refresh_from_db()
        assert boss.role == Role.DEPARTMENT
        assert last_entry("user.update").actor == admin

    def test_an_account_stays_in_its_body(self, city, other_body):
        admin = city.users[Role.SYSTEM_ADMIN]
        _lg, stranger = other_body
        with pytest.raises(ValidationError) as error:
            services.account_update(
                actor=admin,
                user=city.users[Role.PARTNER],
                role=Role.PARTNER,
                organization=stranger.organization,
                display_name="",
            )
        assert "別の地方公共団体" in error.value.message_dict["organization"][0]

    def test_a_secretariat_cannot_edit_another_bodys_account(self, secretariat, other_body):
        _lg, stranger = other_body
        with pytest.raises(PermissionDenied):
            services.account_update(
                actor=secretariat,
                user=stranger,
                role=Role.PARTNER,
                organization=stranger.organization,
                display_name="乗っ取り",
            )

    def test_system_admins_are_not_managed_here(self, city):
        admin = city.users[Role.SYSTEM_ADMIN]
        other_admin = UserFactory(role=Role.SYSTEM_ADMIN, organization=None)
        with pytest.raises(PermissionDenied):
            services.account_deactivate(actor=admin, user=other_admin)
        # nor by a secretariat, even one whose body the admin's organization belonged to
        other_admin.organization = city.users[Role.SECRETARIAT].organization
        other_admin.save()
        with pytest.raises(PermissionDenied):
            services.account_deactivate(actor=city.users[Role.SECRETARIAT], user=other_admin)
        with pytest.raises(PermissionDenied):
            services.account_update(
                actor=city.users[Role.SECRETARIAT],
                user=other_admin,
                role=Role.PARTNER,
                organization=city.users[Role.PARTNER].organization,
                display_name="",
            )
        other_admin.refresh_from_db()
        assert (other_admin.role, other_admin.is_active) == (Role.SYSTEM_ADMIN, True)


class TestDeactivate:
    def test_deactivates_and_audits(self, city, secretariat):
        user = city.users[Role.PARTNER]
        services.account_deactivate(actor=secretariat, user=user)
        user.refresh_from_db()
        assert not user.is_active
        entry = last_entry("user.deactivate")
        assert (entry.actor, entry.object_id) == (secretariat, str(user.pk))
        assert entry.changes["is_active"] == {"before": True, "after": False}

        services.account_reactivate(actor=secretariat, user=user)
        user.refresh_from_db()
        assert user.is_active
        entry = last_entry("user.reactivate")
        assert (entry.actor, entry.object_id) == (secretariat, str(user.pk))
        assert entry.changes == {"is_active": {"before": False, "after": True}}

    def test_nobody_deactivates_their_own_account(self, city, secretariat):
        second_secretariat(city)
        with pytest.raises(ValidationError):
            services.account_deactivate(actor=secretariat, user=secretariat)
        secretariat.refresh_from_db()
        assert secretariat.is_active

    def test_the_last_active_secretariat_of_a_body_stays(self, city, secretariat):
        admin = city.users[Role.SYSTEM_ADMIN]
        with pytest.raises(ValidationError) as error:
            services.account_deactivate(actor=admin, user=secretariat)
        assert "停止できません" in error.value.messages[0]
        secretariat.refresh_from_db()
        assert secretariat.is_active
        assert not AuditEntry.objects.filter(action="user.deactivate").exists()
        # an inactive second secretariat does not count
        UserFactory(role=Role.SECRETARIAT, organization=secretariat.organization, is_active=False)
        with pytest.raises(ValidationError):
            services.account_deactivate(actor=admin, user=secretariat)
        second_secretariat(city)
        services.account_deactivate(actor=admin, user=secretariat)
        secretariat.refresh_from_db()
        assert not secretariat.is_active

    def test_a_secretariat_cannot_deactivate_another_bodys_account(self, secretariat, other_body):
        _lg, stranger = other_body
        with pytest.raises(PermissionDenied):
            services.account_deactivate(actor=secretariat, user=stranger)
        stranger.refresh_from_db()
        assert stranger.is_active


class TestOrganizations:
    def test_create_and_update_are_audited(self, city, secretariat):
        organization = services.organization_create(
            actor=secretariat, local_government=city.lg, name=" 新しい団体（架空） ", kind="partner"
        )
        assert organization.name == "新しい団体（架空）"
        entry = last_entry("organization.create")
        assert (entry.actor, entry.object_id) == (secretariat, str(organization.pk))
        assert entry.changes["name"] == {"before": None, "after": "新しい団体（架空）"}

        services.organization_update(
            actor=secretariat,
            organization=organization,
            name="改名した団体（架空）",
            kind="volunteer_group",
        )
        entry = last_entry("organization.update")
        assert (entry.actor, entry.object_id) == (secretariat, str(organization.pk))
        assert entry.changes == {
            "name": {"before": "新しい団体（架空）", "after": "改名した団体（架空）"},
            "kind": {"before": "partner", "after": "volunteer_group"},
        }

    def test_a_city_department_needs_its_department(self, city, secretariat):
        with pytest.raises(ValidationError) as error:
            services.organization_create(
                actor=secretariat,
                local_government=city.lg,
                name="どこかの課",
                kind=Organization.Kind.CITY_DEPARTMENT,
            )
        assert "担当課（室）を指定" in error.value.message_dict["department"][0]

    def test_a_name_is_unique_within_a_kind(self, city, secretariat):
        name = city.users[Role.PARTNER].organization.name
        with pytest.raises(ValidationError) as error:
            services.organization_create(
                actor=secretariat, local_government=city.lg, name=name, kind="partner"
            )
        assert "同じ名前" in error.value.message_dict["name"][0]

    def test_a_kind_that_no_longer_fits_its_people_is_refused(self, city, secretariat):
        organization = city.users[Role.PARTNER].organization
        with pytest.raises(ValidationError) as error:
            services.organization_update(
                actor=secretariat,
                organization=organization,
                name=organization.name,
                kind="employer",
            )
        assert "役割と合わなくなります" in error.value.message_dict["kind"][0]

    def test_a_secretariat_cannot_create_in_another_body(self, secretariat, other_body):
        lg, _stranger = other_body
        with pytest.raises(PermissionDenied):
            services.organization_create(
                actor=secretariat, local_government=lg, name="x", kind="partner"
            )
