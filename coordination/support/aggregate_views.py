"""The anonymous aggregates of support coordination (/staff/support/support/aggregates/): the
secretariat and the departments of the body, by fiscal year; every count under 5 is
「5未満」 (suppressed in coordination.support.aggregates, before anything is rendered)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.support import aggregates as figures
from coordination.support import indicators
from coordination.support.forms import FiscalYearForm
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.wareki import fiscal_year_label
from core.web.exports import csv_response, export

READERS = (Role.SECRETARIAT, Role.DEPARTMENT)


def _year(request):
    local_government = staff_local_government(request)
    years = figures.fiscal_years(local_government, timezone.localdate())
    form = FiscalYearForm(request.GET or None, years=years, labels=fiscal_year_label)
    year = form.cleaned_data["year"] if form.is_valid() else years[0]
    if not form.is_bound:
        form = FiscalYearForm(initial={"year": year}, years=years, labels=fiscal_year_label)
    return local_government, form, year


@roles_required(*READERS)
def aggregates(request):
    local_government, form, year = _year(request)
    data = figures.aggregates(local_government, year)
    plan = indicators.plan_for(local_government, year, public=False)
    return render(
        request,
        "coordination/support/aggregates.html",
        {
            "form": form,
            "data": data,
            "year": year,
            "year_label": fiscal_year_label(year),
            "chart": data.chart(),
            "threshold": figures.SUPPRESS_BELOW,
            "plan": plan,
            "indicator_lines": indicators.indicator_lines(data, plan, published_only=False),
        },
        status=400 if form.errors else 200,
    )


@export("csv")
@roles_required(*READERS)
def aggregates_csv(request):
    """The suppressed tables of the page, one after the other (counts and fixed labels)."""
    local_government, _form, year = _year(request)
    data = figures.aggregates(local_government, year)
    rows = [
        [_("年度"), fiscal_year_label(year)],
        [_("支援した人数（年度中に支援中だったケース）"), data.people.value or data.people.text],
    ]
    for table in data.tables():
        rows += [[], [table.caption], *table.csv_rows()]
    plan = indicators.plan_for(local_government, year, public=False)
    lines = indicators.indicator_lines(data, plan, published_only=False)
    rows += [[], [_("計画の参考指標と支援のつなぎ（分野ごと）")], *indicators.csv_rows(lines)]
    return csv_response(rows, f"support-aggregates-{year}.csv")
