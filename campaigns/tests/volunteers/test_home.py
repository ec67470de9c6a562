"""The volunteers' home page: big links to what a 保護司 needs on a visit, each one a page the
user may open; a page not built yet is left out, never a broken link."""

import pytest
from django.urls import reverse

from campaigns.volunteers import home
from campaigns.volunteers.home import HomeLink
from core.roles import Role

URL = reverse("volunteers:home")


def test_it_links_the_directory_jobs_the_sheet_and_the_own_referrals(client, city):
    client.force_login(city.users[Role.VOLUNTEER])
    text = client.get(URL).content.decode()
    for name, kwargs in [
        ("help:navigator", {"lg": city.lg.slug}),
        ("help:index", {"lg": city.lg.slug}),
        ("jobs:board", {"lg": city.lg.slug}),
        ("referrals:outbox", {}),
        ("referrals:inbox", {}),
        ("cases:index", {}),
        ("volunteers:officers", {}),
    ]:
        assert f'href="{reverse(name, kwargs=kwargs)}"' in text, name
    assert f'action="{reverse("help:search", kwargs={"lg": city.lg.slug})}"' in text


def test_a_partner_gets_no_link_it_cannot_open(client, city):
    client.force_login(city.users[Role.PARTNER])
    response = client.get(URL)
    assert response.status_code == 200
    assert reverse("volunteers:officers") not in response.content.decode()


def test_a_page_not_built_yet_is_left_out(city, monkeypatch):
    missing = HomeLink("まだないページ", "", "nowhere:index")
    monkeypatch.setattr(home, "GROUPS", [("テスト", [missing])])
    assert home.home_groups(city.users[Role.VOLUNTEER], city.lg) == []


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.DEPARTMENT, Role.EMPLOYER])
def test_other_roles_are_refused(client, city, role):
    client.force_login(city.users[role])
    assert client.get(URL).status_code == 403
