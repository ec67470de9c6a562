"""The public job board (/<lg>/jobs/) in plain Japanese: published, unexpired postings of
approved employers that chose to be public. No account, nothing stored about the visitor.

Display options are those of the help portal (directory.display): switched in the query
string (`yasashii=1` furigana, `text=large`, `contrast=high`) and remembered in a cookie of
the display preference only. Pages are not cached: a posting leaves the board the day after
its end date."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator

from core.access import public
from core.tenancy import local_government_from_slug
from directory.display import Display, render_with_display
from employment import selectors
from employment.postings.forms import BoardFilterForm
from employment.selectors import PostingFilters

PAGE_SIZE = 20
FILTER_NAMES = ("q", "industry", "ward", "employment_type", "housing", "probation")


def _render(request, template: str, context: dict):
    return render_with_display(request, template, context)


@public
def board(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    form = BoardFilterForm(request.GET if set(FILTER_NAMES) & set(request.GET) else None)
    values = form.filters()
    filters = PostingFilters.from_mapping(values)
    postings = selectors.public_postings(local_government, filters)
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    display = Display.from_request(request)
    chosen = [
        (name, "1" if values[name] is True else values[name])
        for name in FILTER_NAMES
        if values[name]
    ]
    extra = "&".join(part for part in (urlencode(chosen, doseq=False), display.query) if part)
    return _render(
        request,
        "employment/jobs/board.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "wards": selectors.public_wards(local_government),
            "extra": extra,
            "dropped": form.is_bound and bool(form.errors),
        },
    )


@public
def posting(request, lg: str, pk: int):
    local_government = local_government_from_slug(request, lg)
    return _render(
        request,
        "employment/jobs/posting.html",
        {"posting": selectors.public_posting(local_government, pk)},
    )


@public
def posting_print(request, lg: str, pk: int):
    """The posting on one A4 page, to print and take to the 保護司 or the probation office."""
    local_government = local_government_from_slug(request, lg)
    return _render(
        request,
        "employment/jobs/posting_print.html",
        {"posting": selectors.public_posting(local_government, pk)},
    )
