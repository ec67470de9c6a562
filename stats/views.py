"""Public statistics pages: the list of series, one series with its charts and tables, and
the values as CSV (UTF-8 with a BOM, so that Excel opens it as UTF-8)."""

from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import public
from core.tenancy import local_government_from_slug
from core.web.exports import csv_response, export
from core.web.pagecache import cache_public_page
from stats import charts, selectors

CSV_COLUMNS = [
    "series",
    "series_name",
    "area",
    "period_kind",
    "period",
    "period_label",
    "breakdown_kind",
    "breakdown",
    "value",
    "unit",
    "derived",
    "source",
    "note",
]


def _group_title(kind: str, area: str) -> str:
    if kind == "own":
        return _("%(area)sの統計") % {"area": area}
    if kind == "several":
        return _("地域を比べる統計")
    return _("%(area)sの統計") % {"area": area}


@public
@cache_public_page
def index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    groups = selectors.grouped_series(local_government, _group_title)
    return render(request, "stats/index.html", {"groups": groups})


@public
@cache_public_page
def series_detail(request, lg: str, key: str):
    local_government = local_government_from_slug(request, lg)
    series = selectors.series_detail(local_government, key)
    points = selectors.series_points(series)
    noted = [point for point in points if point.note]
    parts = [
        {
            "point": point,
            "period": selectors.period_text(point.period, series.period_kind),
            "text": selectors.parts_text(point, series.scale),
        }
        for point in points
        if point.derived
    ]
    return render(
        request,
        "stats/series_detail.html",
        {
            "series": series,
            "parts": parts,
            "summary": selectors.SeriesSummary(series, points),
            "figures": charts.figures(series, points),
            "noted": noted,
        },
    )


def _csv_response(rows, filename: str):
    """The statistics as CSV, a value as a number (a negative one is data, not a formula)."""
    lines = (
        [Decimal(row[name]) if name == "value" else row.get(name, "") for name in CSV_COLUMNS]
        for row in rows
    )
    return csv_response(lines, filename, header=CSV_COLUMNS)


# The CSV downloads are not page-cached: the cache would keep the body but drop the
# Content-Disposition header (the file name).


@export("csv")
@public
def series_csv(request, lg: str, key: str):
    local_government = local_government_from_slug(request, lg)
    series = selectors.series_detail(local_government, key)
    rows = selectors.export_rows(local_government, [series])
    return _csv_response(rows, f"{local_government.slug}-{series.key}.csv")


@export("csv")
@public
def all_csv(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    rows = selectors.export_rows(local_government)
    return _csv_response(rows, f"{local_government.slug}-statistics.csv")
