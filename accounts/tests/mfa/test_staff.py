"""The secretariat's page for one user's second factor: enrolment code and reset."""

from django.urls import reverse

from accounts.mfa import services as mfa
from accounts.models import EnrolmentCode
from accounts.tests.factories import UserFactory
from accounts.tests.mfa.helpers import enrol_totp
from core.models import AuditEntry
from core.roles import Role


def url(user):
    return reverse("staff:user_mfa", kwargs={"pk": user.pk})


def test_the_secretariat_issues_a_code_shown_once(client, city):
    secretariat = city.users[Role.SECRETARIAT]
    user = city.users[Role.VOLUNTEER]
    client.force_login(secretariat)
    assert client.get(url(user)).status_code == 200
    response = client.post(url(user), {"action": "issue_code"})
    page = response.content.decode()
    assert "登録コード（この画面でしか表示されません）" in page
    assert EnrolmentCode.objects.filter(user=user, issued_by=secretariat).count() == 1
    entry = AuditEntry.objects.get(action="auth.enrolment_code_issue")
    assert entry.actor == secretariat and entry.object_id == str(user.pk)
    assert entry.local_government == city.lg
    assert "この画面でしか表示されません" not in client.get(url(user)).content.decode()


def test_the_secretariat_resets_a_lost_phone(client, city):
    secretariat = city.users[Role.SECRETARIAT]
    user = city.users[Role.EMPLOYER]
    enrol_totp(user)
    client.force_login(secretariat)
    response = client.post(url(user), {"action": "reset"})
    assert response.status_code == 302
    assert not mfa.has_second_factor(user)
    entry = AuditEntry.objects.get(action="auth.mfa_reset")
    assert entry.actor == secretariat and entry.object_id == str(user.pk)


def test_another_bodys_user_is_not_found_and_nothing_changes(client, city):
    from accounts.tests.factories import OrganizationFactory

    outsider = UserFactory(organization=OrganizationFactory())  # another local government
    enrol_totp(outsider)
    client.force_login(city.users[Role.SECRETARIAT])
    assert client.get(url(outsider)).status_code == 404
    assert client.post(url(outsider), {"action": "reset"}).status_code == 404
    assert client.post(url(outsider), {"action": "issue_code"}).status_code == 404
    assert mfa.has_second_factor(outsider)
    assert not EnrolmentCode.objects.exists()
    assert not AuditEntry.objects.filter(
        action__in=["auth.mfa_reset", "auth.enrolment_code_issue"]
    ).exists()


def test_a_system_admin_manages_any_body(client, city):
    client.force_login(city.users[Role.SYSTEM_ADMIN])
    outsider = UserFactory()
    assert client.get(url(outsider)).status_code == 200


def test_other_roles_are_refused(client, city):
    user = city.users[Role.VOLUNTEER]
    for role in (Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER):
        client.force_login(city.users[role])
        assert client.post(url(user), {"action": "issue_code"}).status_code == 403
    assert not EnrolmentCode.objects.exists()
