"""Public pages are cached until the local government's content changes."""

from django.urls import reverse

from core.roles import Role
from plans.services import measure_update


def test_the_second_anonymous_visit_is_served_from_the_cache(client, city):
    url = reverse("plans:pillar_detail", kwargs={"lg": "testcity", "number": 2})
    first = client.get(url)
    second = client.get(url)
    assert first["X-Tsunagu-Cache"] == "miss" and second["X-Tsunagu-Cache"] == "hit"
    assert first.content == second.content


def test_a_change_to_the_plan_shows_at_once(client, city):
    url = reverse("plans:pillar_detail", kwargs={"lg": "testcity", "number": 2})
    client.get(url)
    measure_update(
        actor=city.users[Role.SECRETARIAT],
        measure=city.measures[1],
        headings=["新しい見出し"],
        body="新しい本文です。",
        departments=[city.departments["housing"]],
    )
    response = client.get(url)
    assert response["X-Tsunagu-Cache"] == "miss"
    assert "新しい見出し" in response.content.decode()


def test_signed_in_users_are_never_served_from_the_cache(client, city):
    url = reverse("plans:overview", kwargs={"lg": "testcity"})
    client.get(url)
    client.force_login(city.users[Role.SECRETARIAT])
    assert "X-Tsunagu-Cache" not in client.get(url)


def test_htmx_fragments_and_pages_are_kept_apart(client, city):
    url = reverse("plans:search", kwargs={"lg": "testcity"}) + "?q=住宅"
    page = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()


def test_not_found_is_not_cached(client, city):
    url = reverse("plans:pillar_detail", kwargs={"lg": "testcity", "number": 9})
    assert client.get(url).status_code == 404
    assert "X-Tsunagu-Cache" not in client.get(url)


def test_another_local_government_has_its_own_entries(client, city, kumamoto):
    testcity = client.get(reverse("plans:overview", kwargs={"lg": "testcity"})).content.decode()
    kumamoto_page = client.get(
        reverse("plans:overview", kwargs={"lg": "kumamoto"})
    ).content.decode()
    assert testcity != kumamoto_page and "熊本市再犯防止推進計画" in kumamoto_page
