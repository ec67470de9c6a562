"""Public statistics pages: the list of series, one series with its charts and tables, and
the values as CSV (UTF-8 with a BOM, so that Excel opens it as UTF-8)."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import public
from core.tenancy import local_government_from_slug
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


def _csv_response(rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in CSV_COLUMNS})
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The CSV downloads are not page-cached: the cache would keep the body but drop the
# Content-Disposition header (the file name).


@public
def series_csv(request, lg: str, key: str):
    local_government = local_government_from_slug(request, lg)
    series = selectors.series_detail(local_government, key)
    rows = selectors.export_rows(local_government, [series])
    return _csv_response(rows, f"{local_government.slug}-{series.key}.csv")


@public
def all_csv(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    rows = selectors.export_rows(local_government)
    return _csv_response(rows, f"{local_government.slug}-statistics.csv")
