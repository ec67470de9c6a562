"""Every GET page, public and back office, with hostile values in each query parameter it
reads ('²', '١٢', a 30-digit number, -1, empty, …): an answer, never a 500. The pages and who
may open them come from the access matrix; the parameters each page reads are found by a
probe (core/testing/hostile_params.py)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from core.testing.hostile_params import EXTRA, HOSTILE_VALUES, PROBE, recording_query_reads
from core.testing.matrix import ANON, LOGIN, OK, REDIRECT, ROLES
from core.tests.test_access_matrix import MATRIX, _kwargs

GET_ROWS = {
    name: row
    for name, row in MATRIX.items()
    if row.method == "get" and any(row.expect[role] in (OK, REDIRECT) for role in ROLES)
}


def _role(row) -> str:
    """The first role that may open the page (a 200 if there is one)."""
    for wanted in (OK, REDIRECT):
        for role in ROLES:
            if row.expect[role] == wanted:
                return role
    raise AssertionError("no role may open it")


def test_every_extra_parameter_names_a_get_page():
    assert set(EXTRA) <= set(GET_ROWS)


@pytest.mark.parametrize("name", sorted(GET_ROWS))
def test_hostile_query_values_never_give_a_500(client, city, name):
    row = GET_ROWS[name]
    role = _role(row)
    if role != ANON:
        client.force_login(city.users[role])
    url = reverse(name, kwargs=_kwargs(row.kwargs, city))
    base = row.data(city) if callable(row.data) else dict(row.data)
    with recording_query_reads() as read:
        response = client.get(url, {**base, PROBE: "1"})
    assert response.status_code < 500, f"{name}: the probe got {response.status_code}"
    extra = set(EXTRA.get(name, []))
    if extra:
        with recording_query_reads() as read_with_filters:
            client.get(url, {**base, **dict.fromkeys(extra, "1")})
        unread = extra - read_with_filters
        assert not unread, f"{name}: EXTRA lists parameters the page does not read: {unread}"
    params = sorted(read | extra)
    login_url = resolve_url(settings.LOGIN_URL)
    failures = []
    for param in params:
        for value in HOSTILE_VALUES:
            response = client.get(url, {**base, param: value})
            if response.status_code >= 500 or (
                row.expect[role] != LOGIN
                and response.headers.get("Location", "").startswith(login_url)
            ):
                failures.append(f"?{param}={value!r}: {response.status_code}")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def test_a_nul_character_in_the_query_is_a_400_before_any_view(client, city):
    """PostgreSQL cannot compare a string holding NUL: a search for it was a 500."""
    response = client.get(reverse("plans:search", kwargs={"lg": city.lg.slug}), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "リクエストが正しくありません" in response.content.decode()
