"""The API's limits: throttles for anonymous and signed-in clients (core/web/throttling.py),
and the page-size cap on every list (core/web/pagination.py, TSUNAGU_API_MAX_PAGE_SIZE)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.mixins import ListModelMixin
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from core.roles import Role


def api_list_urls() -> list[str]:
    """Every URL name of an API view that lists (a DRF list view), walked from the root URLs."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None)
                if view is not None and issubclass(view, ListModelMixin) and pattern.name:
                    yield namespace + pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_api_lists():
    names = api_list_urls()
    assert "plans_api:measure_list" in names
    assert len(names) >= 8, names


@pytest.mark.parametrize("name", api_list_urls())
def test_every_api_list_refuses_a_page_over_the_cap(client, city, settings, name):
    settings.TSUNAGU_API_MAX_PAGE_SIZE = 3
    url = reverse(name, kwargs={"lg": "testcity"})
    view = resolve(url).func.cls
    if getattr(view, "tsunagu_access", None) == "roles":  # a staff API: sign in as one it allows
        client.force_login(city.users[sorted(view.allowed_roles)[0]])
    assert client.get(url, {"limit": 3, "per_page": 3}).status_code == 200, url
    response = client.get(url, {"limit": 4, "per_page": 4})
    assert response.status_code == 400, url
    assert response.headers["Content-Type"].startswith("application/json")


def test_an_anonymous_client_is_throttled_with_a_json_429(client, city, settings):
    settings.TSUNAGU_API_THROTTLE_RATES = {"anon": "3/minute", "user": "1000/minute"}
    url = reverse("plans_api:measure_list", kwargs={"lg": "testcity"})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0


def test_anonymous_clients_are_counted_by_their_own_address(client, city, settings):
    settings.TSUNAGU_API_THROTTLE_RATES = {"anon": "1/minute", "user": "1000/minute"}
    url = reverse("plans_api:measure_list", kwargs={"lg": "testcity"})
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 429
    # a forged X-Forwarded-For from an untrusted client does not buy a new count
    forged = client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert forged.status_code == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, city, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.1"]
    settings.TSUNAGU_API_THROTTLE_RATES = {"anon": "1/minute", "user": "1000/minute"}
    url = reverse("plans_api:measure_list", kwargs={"lg": "testcity"})
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.1", **via_proxy).status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.1", **via_proxy).status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="192.0.2.2", **via_proxy).status_code == 200


class SignedInOnly(APIView):
    """An API view for signed-in clients with the project's defaults (every API view today
    is public; the user throttle is there for the first that is not)."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


def test_a_signed_in_client_is_throttled_by_user(city, settings):
    settings.TSUNAGU_API_THROTTLE_RATES = {"anon": "1000/minute", "user": "2/minute"}
    view = SignedInOnly.as_view()
    factory = APIRequestFactory()

    def get_as(user):
        request = factory.get("/api/v1/testcity/signed-in-only/")
        force_authenticate(request, user=user)
        return view(request)

    secretariat = city.users[Role.SECRETARIAT]
    assert [get_as(secretariat).status_code for _ in range(2)] == [200, 200]
    refused = get_as(secretariat)
    assert refused.status_code == 429
    refused.render()
    assert "detail" in refused.data
    # another user from the same address has a count of their own
    assert get_as(city.users[Role.DEPARTMENT]).status_code == 200
