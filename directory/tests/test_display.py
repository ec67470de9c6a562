"""The display options are remembered: switched in the query string, kept in a cookie that
holds the display preference only, and the cached home page is never served in the wrong
mode."""

import pytest
from django.urls import reverse

from directory.display import DISPLAY_COOKIE
from directory.tests.portal_data import make_directory

RUBY = "<ruby>"


def url(name, **kwargs):
    return reverse(f"help:{name}", kwargs={"lg": "testcity", **kwargs})


@pytest.fixture
def directory(city):
    return make_directory(city)


def text(response) -> str:
    return response.content.decode()


class TestRemembered:
    def test_switching_yasashii_on_remembers_it_in_a_cookie_of_the_preference_only(
        self, client, directory
    ):
        response = client.get(url("index"), {"yasashii": "1"})
        cookie = response.cookies[DISPLAY_COOKIE]
        assert cookie.value == "yasashii"
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"]
        assert set(response.cookies) == {DISPLAY_COOKIE}  # no session, nothing else

    def test_the_next_pages_keep_it_without_the_query_string(self, client, directory):
        client.get(url("index"), {"yasashii": "1"})
        for page in (url("index"), url("need", code="housing"), url("navigator")):
            response = client.get(page)
            assert 'class="help-portal yasashii"' in text(response), page
            assert not response.cookies, page  # already remembered: nothing to set

    def test_the_job_board_keeps_it_too(self, client, directory):
        client.get(url("index"), {"yasashii": "1", "text": "large"})
        content = text(client.get(reverse("jobs:board", kwargs={"lg": "testcity"})))
        assert "help-portal yasashii text-large" in content

    def test_switching_it_off_forgets_it(self, client, directory):
        client.get(url("index"), {"yasashii": "1"})
        content = text(client.get(url("index")))
        assert f'href="{url("index")}?yasashii=0"' in content  # the visible toggle
        response = client.get(url("index"), {"yasashii": "0"})
        assert response.cookies[DISPLAY_COOKIE].value == ""  # deleted
        assert "yasashii" not in text(client.get(url("index"))).split("<body", 1)[1][:60]

    def test_a_forged_cookie_is_read_for_known_words_only(self, client, directory):
        client.cookies[DISPLAY_COOKIE] = "large-<script>-yasashii"
        content = text(client.get(url("need", code="housing")))
        assert 'class="help-portal yasashii text-large"' in content
        assert "<script>-" not in content

    def test_the_toggle_is_at_the_top_of_every_portal_page(self, client, directory):
        for page in (url("index"), url("need", code="housing"), url("navigator"), url("search")):
            content = text(client.get(page))
            main = content[content.index('<main id="main"') :]
            assert main.index('class="display-options"') < main.index("<h1"), page
            assert "やさしい日本語（ふりがな）" in main, page


class TestThePageCache:
    def test_the_cached_home_is_never_served_in_the_wrong_mode(self, client, directory):
        plain = client.get(url("index"))
        assert plain["X-Tsunagu-Cache"] == "miss" and RUBY not in text(plain)
        client.get(url("index"), {"yasashii": "1"})  # sets the cookie (not stored)
        easy = client.get(url("index"))
        assert easy["X-Tsunagu-Cache"] == "miss" and RUBY in text(easy)
        assert client.get(url("index"))["X-Tsunagu-Cache"] == "hit"
        client.cookies.pop(DISPLAY_COOKIE)
        again = client.get(url("index"))
        assert again["X-Tsunagu-Cache"] == "hit" and RUBY not in text(again)

    def test_it_says_the_page_varies_with_the_cookie(self, client, directory):
        client.get(url("index"))
        assert "Cookie" in client.get(url("index"))["Vary"]  # a hit too

    def test_a_response_that_sets_the_cookie_is_not_stored(self, client, directory):
        client.get(url("index"), {"yasashii": "1"})
        client.cookies.pop(DISPLAY_COOKIE)
        response = client.get(url("index"), {"yasashii": "1"})
        assert DISPLAY_COOKIE in response.cookies
        assert response.get("X-Tsunagu-Cache") is None
