"""The public portal for someone looking for help: needs, services, the navigator, search,
and the printable referral sheet. No account, nothing stored about the visitor.

Display options (やさしい日本語 with furigana, large text, high contrast) are switched in the
query string and remembered in a cookie that holds the display preference only
(directory.display); the cached home page is cached per preference. No session. Pages that
say whether a window is open now are not cached (the answer changes with the clock).

Person-facing lists (a need, the navigator, search) show the services a person can go to or
call; `for=supporters` shows every reach (関係機関をふくむ), for 保護司 and other supporters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.access import public
from core.tenancy import local_government_from_slug
from core.web.pagecache import cache_public_page
from directory import selectors
from directory.crisis import terms as crisis
from directory.display import Display, cache_variant, render_with_display
from directory.models import Reach
from directory.portal.navigator import NavigatorForm, is_submitted
from directory.portal.referral import sheet_pdf
from directory.search.fulltext import ranked_service_ids

PAGE_SIZE = 20
SEARCH_LIMIT = 50
PDF = "application/pdf"


def _render(request, template: str, context: dict, **kwargs) -> HttpResponse:
    return render_with_display(request, template, context, **kwargs)


SUPPORTERS = ("for", "supporters")


def _for_supporters(request) -> bool:
    return request.GET.get(SUPPORTERS[0]) == SUPPORTERS[1]


def _reach(request) -> str | None:
    """Reach.PERSON on the person's pages; None (every reach) in the supporters' view."""
    return None if _for_supporters(request) else Reach.PERSON


def _audience_url(request) -> str:
    """This page switched between the person's view and the supporters' view."""
    query = request.GET.copy()
    query.pop("page", None)
    if _for_supporters(request):
        query.pop(SUPPORTERS[0], None)
    else:
        query[SUPPORTERS[0]] = SUPPORTERS[1]
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _audience(request) -> dict:
    return {"for_supporters": _for_supporters(request), "audience_url": _audience_url(request)}


def _ward(request, wards: list[str]) -> tuple[str, bool]:
    """The ward asked for, if it is one the services are in; and whether one was refused."""
    ward = request.GET.get("ward", "").strip()
    if ward and ward not in wards:
        return "", True
    return ward, False


@public
@cache_public_page(variant=cache_variant)
def index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return _render(
        request,
        "directory/index.html",
        {
            "needs": selectors.need_terms(local_government),
            "crisis_lines": crisis.crisis_lines(local_government),
            "hotlines": selectors.service_cards(
                selectors.around_the_clock_services(local_government)
            ),
        },
    )


@public
def need_detail(request, lg: str, code: str):
    local_government = local_government_from_slug(request, lg)
    term = selectors.need(local_government, code)
    wards = selectors.wards(local_government, term)
    ward, unknown_ward = _ward(request, wards)
    night = selectors.is_night()
    services = selectors.services_for_need(
        local_government, term, ward=ward, night=night, reach=_reach(request)
    )
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    display = Display.from_request(request)
    own = [("ward", ward)] if ward else []
    own += [SUPPORTERS] if _for_supporters(request) else []
    extra = "&".join(part for part in (urlencode(own), display.query) if part)
    return _render(
        request,
        "directory/need.html",
        {
            "need": term,
            "page": page,
            "cards": selectors.service_cards(page.object_list),
            "wards": wards,
            "ward": ward,
            "unknown_ward": unknown_ward,
            "night": night,
            "extra": extra,
            **_audience(request),
        },
    )


@public
def service_detail(request, lg: str, pk: int):
    local_government = local_government_from_slug(request, lg)
    service = selectors.service_detail(local_government, pk)
    return _render(
        request,
        "directory/service_detail.html",
        {
            "card": selectors.service_card(service),
            "measures": list(service.measures.all()),
            "verification": selectors.verification(service),
        },
    )


def _pdf(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    return response


@public
def service_sheet(request, lg: str, pk: int):
    """The referral sheet of one service. The PDF carries today's date, so it is cached
    for the day and the content revision."""
    local_government = local_government_from_slug(request, lg)
    today = selectors.tokyo_now().date()
    key = (
        f"help-sheet:{local_government.pk}:{local_government.content_revision}:{pk}:"
        f"{today.isoformat()}"
    )
    cache = caches["default"]
    content = cache.get(key) if settings.TSUNAGU_PAGE_CACHE_SECONDS else None
    if content is None:
        service = selectors.service_detail(local_government, pk)
        content = sheet_pdf(
            local_government=local_government,
            groups=[selectors.NeedGroup(None, [selectors.service_card(service)])],
            today=today,
        )
        if settings.TSUNAGU_PAGE_CACHE_SECONDS:
            cache.set(key, content, settings.TSUNAGU_PAGE_CACHE_SECONDS)
    return _pdf(content, f"{local_government.slug}-help-{pk}.pdf")


def _navigator_form(request, local_government) -> NavigatorForm:
    display = Display.from_request(request)
    data = request.GET if is_submitted(request.GET) else None
    return NavigatorForm(data, local_government=local_government, plain=display.yasashii)


@public
@never_cache
def navigator(request, lg: str):
    """The answers select what to show and are stored nowhere (never_cache: no shared cache
    keeps a page made of them either)."""
    local_government = local_government_from_slug(request, lg)
    form = _navigator_form(request, local_government)
    groups, answers, crisis_lines = None, None, None
    if form.is_bound and form.is_valid():
        answers = form.answers
        if any(need.code == crisis.CRISIS_NEED for need in answers.needs):
            crisis_lines = crisis.crisis_lines(local_government)
        groups = selectors.navigator_results(
            local_government,
            answers.needs,
            audience=answers.audience,
            situation=answers.situation,
            ward=answers.ward,
            reach=_reach(request),
        )
    return _render(
        request,
        "directory/navigator.html",
        {
            **_audience(request),
            "form": form,
            "answers": answers,
            "groups": groups,
            "crisis_lines": crisis_lines,
            "share_url": request.build_absolute_uri(),
            "sheet_query": request.GET.urlencode(),
        },
    )


@public
@never_cache
def navigator_sheet(request, lg: str):
    """The navigator's results as a referral sheet (the same query string): one A4 page of
    the best windows, or with `full=1` every window (directory.portal.referral); an incomplete query
    goes back to the form."""
    local_government = local_government_from_slug(request, lg)
    form = _navigator_form(request, local_government)
    if not (form.is_bound and form.is_valid()):
        url = reverse("help:navigator", kwargs={"lg": local_government.slug})
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    answers = form.answers
    groups = selectors.navigator_results(
        local_government,
        answers.needs,
        audience=answers.audience,
        situation=answers.situation,
        ward=answers.ward,
    )
    full = request.GET.get("full") == "1"
    content = sheet_pdf(
        local_government=local_government,
        groups=groups,
        today=selectors.tokyo_now().date(),
        answers=answers,
        full=full,
    )
    return _pdf(content, f"{local_government.slug}-help{'-all' if full else ''}.pdf")


@public
def search(request, lg: str):
    """A query that signals a crisis, or finds nothing, shows the crisis lines first; a query
    without result also shows the general windows and the need buttons (no dead end)."""
    local_government = local_government_from_slug(request, lg)
    query = request.GET.get("q", "").strip()[:100]
    cards = []
    context = {"query": query, "limit": SEARCH_LIMIT}
    if query:
        found = ranked_service_ids(local_government, query, limit=SEARCH_LIMIT)
        # the portal's own prefetch (published places, their phones and hours), search order kept
        public = selectors.for_reach(selectors.public_services(local_government), _reach(request))
        by_pk = selectors.with_details(public).in_bulk(found)
        cards = selectors.service_cards([by_pk[pk] for pk in found if pk in by_pk])
        if not cards or crisis.signals_crisis(local_government, query):
            context["crisis_lines"] = crisis.crisis_lines(local_government)
        if not cards:
            context["general_windows"] = crisis.general_windows(local_government)
            context["needs"] = selectors.need_terms(local_government)
    context["cards"] = cards
    return _render(request, "directory/search.html", context)
