"""A signed-in user changes their own password (accounts:password_change): the current one
re-authenticates, the new one meets the validators; this session stays signed in, every other
session of the user ends; a wrong current password counts as a failed sign-in."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import failed_signins
from core.models import AuditEntry
from core.roles import Role

PASSWORD = "correct horse battery staple"
NEW = "a brand new and long passphrase"
URL = "/accounts/password/change/"


def signed_in(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        URL, {"old_password": old, "new_password1": new, "new_password2": again or new}
    )


def test_the_url_is_not_taken_for_an_invitation_token():
    assert reverse("accounts:password_change") == URL


@pytest.mark.parametrize("role", list(Role))
def test_every_role_changes_its_own_password_and_only_this_session_stays(city, role):
    user = city.users[role]
    here, elsewhere = signed_in(user), signed_in(user)
    assert elsewhere.get(reverse("staff:home")).status_code == 200
    page = here.get(URL).content.decode()
    assert "いまのパスワード" in page and "新しいパスワード（確認のため、もう一度）" in page
    response = change(here)
    assert response.headers["Location"] == reverse("staff:home")
    home = here.get(reverse("staff:home"))
    assert home.status_code == 200
    assert "パスワードを変更しました。" in home.content.decode()
    response = elsewhere.get(reverse("staff:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    assert Client().login(username=user.username, password=NEW)


def test_the_change_is_audited_without_the_password(city):
    user = city.users[Role.VOLUNTEER]
    change(signed_in(user))
    entry = AuditEntry.objects.get(action="user.password_change")
    assert entry.actor == user and entry.object_id == str(user.pk)
    assert entry.object_type == "accounts.user" and entry.local_government == city.lg
    assert entry.changes == {"fields": ["password"]}
    text = json.dumps(entry.changes) + entry.object_label + entry.actor_label
    assert NEW not in text and PASSWORD not in text


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_sign_in(city):
    user = city.users[Role.PARTNER]
    here, elsewhere = signed_in(user), signed_in(user)
    response = change(here, old="not my password at all")
    assert response.status_code == 200
    assert "いまのパスワードが違います。" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_change").exists()
    failures = failed_signins(user)
    assert len(failures) == 1 and failures[0].changes["path"] == URL
    assert "not my password" not in json.dumps(failures[0].changes)
    assert elsewhere.get(reverse("staff:home")).status_code == 200  # nothing ended


@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        ("short1", None, "短すぎます"),  # Django's validator, in Japanese
        ("123456789012345", None, "数字しか使われていません"),
        (NEW, NEW + "x", "確認のための入力と一致しません"),
    ],
)
def test_a_weak_or_mistyped_new_password_changes_nothing_and_is_no_failed_sign_in(
    city, new, again, message
):
    user = city.users[Role.EMPLOYER]
    here = signed_in(user)
    response = change(here, new=new, again=again)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_change").exists()
    assert not list(failed_signins(user))


def test_after_failures_the_page_is_locked_even_for_the_right_password(city, monkeypatch):
    from accounts.people import password_views

    user = city.users[Role.DEPARTMENT]
    here = signed_in(user)
    monkeypatch.setattr(password_views.signin, "login_is_locked", lambda request, username: True)
    response = change(here)
    assert "しばらく変更できません" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_staff_header_links_to_the_page(city):
    client = signed_in(city.users[Role.HOUSING_PROVIDER])
    assert f'href="{URL}"' in client.get(reverse("staff:home")).content.decode()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
