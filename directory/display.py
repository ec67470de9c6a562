"""The portal's display options — やさしい日本語 with furigana, large text, high contrast —
shared by the help portal and the job board.

An option is switched in the query string (`yasashii=1` / `yasashii=0`, `text=large` /
`text=normal`, `contrast=high` / `contrast=normal`) and then remembered in one cookie,
DISPLAY_COOKIE, that holds the display preference only (which options are on: e.g.
`yasashii-large`): nothing about the visitor, no identifier. Without the cookie (or with
cookies off) the options still travel in the links' query strings. A page cached for the
public must be cached per preference (see `cache_variant` and core.web.pagecache)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

DISPLAY_COOKIE = "tsunagu_display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
SEPARATOR = "-"


@dataclass(frozen=True)
class Display:
    """The visitor's display options: the query string's say, else the remembered one."""

    yasashii: bool = False
    large: bool = False
    high_contrast: bool = False

    # option -> (query name, value when on); OFF: the value that switches it off
    OPTIONS = {
        "yasashii": ("yasashii", "1"),
        "large": ("text", "large"),
        "high_contrast": ("contrast", "high"),
    }
    OFF = {"yasashii": "0", "large": "normal", "high_contrast": "normal"}

    @classmethod
    def remembered(cls, request) -> Display:
        """The options the cookie holds (unknown words in it are ignored)."""
        words = set(request.COOKIES.get(DISPLAY_COOKIE, "").split(SEPARATOR))
        return cls(**{attr: attr in words for attr in cls.OPTIONS})

    @classmethod
    def from_request(cls, request) -> Display:
        remembered = cls.remembered(request)
        options = {}
        for attr, (name, value) in cls.OPTIONS.items():
            asked = request.GET.get(name)
            options[attr] = getattr(remembered, attr) if asked is None else asked == value
        return cls(**options)

    @property
    def cookie_value(self) -> str:
        """The options that are on, e.g. yasashii-large ("" when none)."""
        return SEPARATOR.join(attr for attr in self.OPTIONS if getattr(self, attr))

    @property
    def query(self) -> str:
        """yasashii=1&text=large … for the options that are on ("" when none)."""
        return urlencode([pair for attr, pair in self.OPTIONS.items() if getattr(self, attr)])

    @property
    def suffix(self) -> str:
        """The options as a query string to append to a URL without one."""
        return f"?{self.query}" if self.query else ""

    @property
    def amp(self) -> str:
        """The options to append to a URL that has a query string already."""
        return f"&{self.query}" if self.query else ""

    @property
    def body_class(self) -> str:
        classes = ["help-portal"]
        classes += ["yasashii"] if self.yasashii else []
        classes += ["text-large"] if self.large else []
        classes += ["contrast-high"] if self.high_contrast else []
        return " ".join(classes)


def toggle_urls(request, display: Display) -> dict[str, str]:
    """For each option, this page with that option switched (the other answers kept). An
    option is switched off by saying so (yasashii=0): the cookie would keep it on otherwise."""
    urls = {}
    for attr, (name, value) in Display.OPTIONS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query[name] = Display.OFF[attr] if getattr(display, attr) else value
        urls[attr] = f"{request.path}?{query.urlencode()}"
    return urls


def remember(request, response: HttpResponse, display: Display) -> HttpResponse:
    """Set (or clear) the cookie when the options differ from the remembered ones; say that
    the page varies with the cookie."""
    patch_vary_headers(response, ("Cookie",))
    if display == Display.remembered(request):
        return response
    if display.cookie_value:
        response.set_cookie(
            DISPLAY_COOKIE,
            display.cookie_value,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response


def cache_variant(request) -> str:
    """The public page cache's key part for the remembered options (core.web.pagecache)."""
    return Display.remembered(request).cookie_value or "plain"


def render_with_display(request, template: str, context: dict, **kwargs) -> HttpResponse:
    """Render a portal page with its display options and toggles, and remember the options."""
    display = Display.from_request(request)
    context = {"display": display, "toggle": toggle_urls(request, display), **context}
    return remember(request, render(request, template, context, **kwargs), display)
