"""The invitation flow end to end: the secretariat invites, the e-mail carries a one-time
link, the link sets the password, signs the user in and lets them enrol a second factor; a
used, expired or superseded link says so and changes nothing."""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enrolment import enrolment_granted
from accounts.models import Invitation, User
from accounts.people import invitations
from accounts.tests.factories import UserFactory, reauthenticate
from core.models import AuditEntry
from core.roles import Role

PASSWORD = "a long passphrase 2026"


def link_in(message) -> str:
    return urlsplit(re.search(r"https?://\S+/accounts/password/\S+/", message.body).group(0)).path


def set_password(client, link, password=PASSWORD):
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def invited(client, city, mailoutbox, django_capture_on_commit_callbacks):
    """A partner invited through the screens by the secretariat (then signed out)."""
    client.force_login(city.users[Role.SECRETARIAT])
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:invite"),
            {
                "email": "hanako@example.jp",
                "display_name": "招待 花子（架空）",
                "role": Role.PARTNER,
                "organization": city.users[Role.PARTNER].organization.pk,
            },
        )
    assert response.status_code == 302
    client.logout()
    return User.objects.get(username="hanako@example.jp")


def test_the_whole_invitation(client, city, invited, mailoutbox):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["hanako@example.jp"]
    assert "つなぐ" in message.subject
    assert "7日間、一度だけ使えます" in message.body
    link = link_in(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # only the hash is stored
    invitation = Invitation.objects.get(user=invited)
    assert invitation.token_hash == invitations.token_hash(token)
    assert token not in invitation.token_hash
    assert invitation.invited_by == city.users[Role.SECRETARIAT]

    response = client.get(link)
    assert response["Location"] == reverse("accounts:set_password", kwargs={"token": "set"})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "hanako@example.jp" in page.content.decode()
    assert token not in page.content.decode()

    response = client.post(
        response["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:mfa_setup")
    invited.refresh_from_db()
    assert invited.check_password(PASSWORD)
    assert enrolment_granted(SimpleNamespace(session=client.session), invited)
    assert client.get(reverse("staff:home")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    entry = AuditEntry.objects.get(action="user.password_set")
    assert (entry.actor, entry.object_id) == (invited, str(invited.pk))
    assert entry.changes == {"invitation": invitation.pk}

    # the link works once
    client.logout()
    response = client.get(link, follow=True)
    assert "このリンクはすでに使われています" in response.content.decode()
    assert "new_password1" not in response.content.decode()


def test_a_weak_password_is_refused_kindly(client, invited, mailoutbox):
    response = set_password(client, link_in(mailoutbox[0]), password="short")
    assert response.status_code == 200
    assert "入力内容を確認してください" in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert Invitation.objects.get(user=invited).used_at is None


def test_an_expired_link_says_so_and_changes_nothing(client, invited, mailoutbox):
    Invitation.objects.filter(user=invited).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = set_password(client, link_in(mailoutbox[0]))
    assert response.status_code == 200
    assert "有効期限が過ぎています" in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert not AuditEntry.objects.filter(action="user.password_set").exists()


def test_the_expiry_follows_the_setting(client, city, settings):
    settings.TSUNAGU_INVITATION_DAYS = 2
    user = UserFactory(email="x@example.jp", organization=city.users[Role.PARTNER].organization)
    invitations.invitation_issue(actor=city.users[Role.SECRETARIAT], user=user)
    invitation = Invitation.objects.get(user=user)
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(days=2), abs=datetime.timedelta(seconds=5)
    )


def test_resending_invalidates_the_old_link(
    client, city, invited, mailoutbox, django_capture_on_commit_callbacks
):
    old_link = link_in(mailoutbox[0])
    secretariat = city.users[Role.SECRETARIAT]
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:resend", kwargs={"pk": invited.pk}))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    entry = AuditEntry.objects.filter(action="user.invite").latest("id")
    assert (entry.actor, entry.object_id) == (secretariat, str(invited.pk))
    assert entry.changes["resent"] is True
    assert entry.changes["revoked"] == 1
    client.logout()

    response = set_password(client, old_link)
    assert "このリンクは使えなくなりました" in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    response = set_password(client, link_in(mailoutbox[1]))
    assert response["Location"] == reverse("accounts:mfa_setup")


def test_a_link_of_a_deactivated_account_does_not_work(client, city, invited, mailoutbox):
    from accounts.people import services

    services.account_deactivate(actor=city.users[Role.SECRETARIAT], user=invited)
    response = set_password(client, link_in(mailoutbox[0]))
    assert "このリンクは使えません" in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_an_unknown_token_changes_nothing(client, city):
    response = client.get(reverse("accounts:set_password", kwargs={"token": "x" * 43}), follow=True)
    assert "このリンクは使えません" in response.content.decode()
    response = client.post(
        reverse("accounts:set_password", kwargs={"token": "set"}),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="user.password_set").exists()


def test_a_password_is_not_resent_to_an_account_that_has_one(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    user = city.users[Role.PARTNER]
    response = client.post(reverse("people:resend", kwargs={"pk": user.pk}), follow=True)
    assert "パスワードを設定済みです" in response.content.decode()
    assert not Invitation.objects.filter(user=user).exists()


def test_with_mfa_required_the_link_leads_to_the_enrolment(client, invited, mailoutbox, settings):
    settings.MFA_REQUIRED = True
    response = set_password(client, link_in(mailoutbox[0]))
    assert response["Location"] == reverse("accounts:mfa_setup")
    assert client.get(reverse("accounts:mfa_setup")).status_code == 200
    # nothing else opens before the second factor is enrolled
    assert client.get(reverse("staff:home"))["Location"] == reverse("accounts:mfa_setup")
