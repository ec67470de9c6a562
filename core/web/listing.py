"""Helpers shared by the back office's lists: the query string without paging or sorting, and
sortable column headers. The CSV / Excel downloads of what a list shows (and their rule against
formula injection) are `core.web.exports`."""


def query_without(request, *names) -> str:
    """The request's query string without `page` and `names` (for links that keep filters)."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def sort_links(request, current: str, columns: dict[str, tuple[str, str | None]]) -> dict:
    """For each sortable column: the link that sorts by it (or reverses it) and, on the
    column in use, its aria-sort value."""
    base = query_without(request, "sort")
    links = {}
    for column, (ascending, descending) in columns.items():
        next_key = descending if current == ascending and descending else ascending
        if current == ascending:
            state = "ascending"
        elif current == descending:
            state = "descending"
        else:
            state = ""
        links[column] = {
            "href": f"?{base}&sort={next_key}" if base else f"?sort={next_key}",
            "aria_sort": state,
        }
    return links
