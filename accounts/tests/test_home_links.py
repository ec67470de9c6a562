"""Each role's home links to what that role uses, and to nothing it may not open (checked
against the access matrix, and by opening every link as that user)."""

import re

import pytest
from django.urls import resolve, reverse

from core.roles import Role
from core.testing.matrix import OK
from core.tests.test_access_matrix import MATRIX


def home_links(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[
        html.index('class="home-links"') : html.index("</nav>", html.index('class="home-links"'))
    ]
    return re.findall(r'href="([^"]+)"', section)


EXPECTED = {
    Role.VOLUNTEER: [
        "help:navigator",
        "help:index",
        "postings:index",
        "seekers:index",
        "jobs:board",
    ],
    Role.PARTNER: [
        "help:navigator",
        "directory_admin:index",
        "directory_admin:changes",
        "postings:index",
        "seekers:index",
    ],
    Role.HOUSING_PROVIDER: ["help:navigator", "directory_admin:index"],
    Role.DEPARTMENT: ["pdca:index", "pdca:indicator_list", "meetings:index", "seekers:summary"],
    Role.SECRETARIAT: [
        "plan_admin:index",
        "pdca:index",
        "pdca_report:index",
        "stats_admin:import",
        "directory_admin:index",
        "directory_admin:changes",
        "employers:index",
        "postings:index",
        "people:index",
        "people:organizations",
        "staff:audit_log",
    ],
    Role.EMPLOYER: ["company:detail", "postings:index", "postings:create", "events:index"],
    Role.SYSTEM_ADMIN: ["people:index", "people:organizations", "staff:audit_log"],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_home_links_to_what_it_uses(client, city, role):
    names = [resolve(url).view_name for url in home_links(client, city.users[role])]
    for name in EXPECTED[role]:
        assert name in names, f"{role}: no link to {name}"


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_link_is_one_the_role_may_open(client, city, role):
    from employment.tests.employers.access_rows import own_company

    own_company(city)  # the employer's company, as the access matrix makes it
    user = city.users[role]
    urls = home_links(client, user)
    assert urls
    for url in urls:
        name = resolve(url).view_name
        assert MATRIX[name].expect[role] == OK, f"{role} may not open {name}"
        assert client.get(url).status_code == 200, url


def test_a_volunteer_reaches_the_referral_sheet_from_home(client, city):
    urls = home_links(client, city.users[Role.VOLUNTEER])
    # first the volunteers' page for a visit (which links the navigator first), then the sheet
    assert urls[0] == reverse("volunteers:home")
    assert urls[1] == reverse("help:navigator", kwargs={"lg": city.lg.slug})


def test_a_link_to_a_part_not_built_is_left_out(monkeypatch, city):
    from accounts import home_links as module

    future = module.Link("まだない部分", "nowhere:index", public=True)
    monkeypatch.setitem(module.ROLE_LINKS, Role.VOLUNTEER, [("住まい", [future])])
    assert module.links_for(city.users[Role.VOLUNTEER]) == []
