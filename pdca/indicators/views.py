"""Indicator actuals in the back office: the list, one indicator's page with its entry
form, and deleting a value entered by hand.

An indicator reads its actuals either from values entered here (pdca.indicators.services) or from a
statistics series (e.g. `reoffenders`); the form writes the latter through the service the
statistics import uses (stats.services.statistics_value_save), so that a form and a CSV
file write the same value the same way. The CSV stays for many values at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import wareki
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from pdca import access
from pdca.indicators import services
from pdca.indicators.forms import IndicatorValueForm
from pdca.indicators.status import chart_config, counted_by, indicator_rows, related_figures
from pdca.models import IndicatorValue
from pdca.views import _plan
from plans.models import Indicator
from stats.importer import ImportInvalid
from stats.models import StatisticSeries
from stats.selectors import can_import
from stats.services import statistics_value_save


def _indicator(request, pk: int) -> Indicator:
    local_government, plan = _plan(request)
    return get_object_or_404(Indicator.objects.select_related("plan", "pillar"), pk=pk, plan=plan)


def _period_labeller(kind):
    return wareki.fiscal_year_label if kind == "fiscal_year" else wareki.year_label


def _periods(indicator: Indicator) -> list[int]:
    """The periods a value may be entered for: from five years before the plan (or its
    baseline) to five after it, and never after next year."""
    plan = indicator.plan
    earliest = min(filter(None, [indicator.baseline_year, plan.start_fiscal_year - 5]))
    latest = min(plan.end_fiscal_year + 5, timezone.localdate().year + 1)
    return list(range(earliest, latest + 1))


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def indicator_list(request):
    local_government, plan = _plan(request)
    rows = indicator_rows(plan, published_only=False)
    related = related_figures(plan, [row.indicator for row in rows])
    items = [(row, related.get(row.indicator.pk, [])) for row in rows]
    return render(request, "pdca/indicator_list.html", {"plan": plan, "items": items})


def _series(indicator: Indicator):
    if not indicator.statistic_series:
        return None

    return (
        StatisticSeries.objects.filter(
            local_government_id=indicator.local_government_id, key=indicator.statistic_series
        )
        .select_related("numerator", "denominator")
        .first()
    )


def _may_enter(user, indicator, series) -> bool:
    if indicator.statistic_series:
        # a series is the statistics' (the secretariat's); a missing or derived one takes
        # no value here
        return (
            series is not None
            and not series.is_derived
            and can_import(user, indicator.local_government)
        )
    return access.can_enter_indicator_value(user, indicator)


def _save_statistic(request, indicator, series, form) -> bool:

    data = form.cleaned_data
    try:
        _result, before = statistics_value_save(
            actor=request.user,
            local_government=indicator.local_government,
            series_key=series.key,
            period=data["period"],
            value=data["value"],
            note=data["note"],
        )
    except ImportInvalid as invalid:
        for error in invalid.errors:
            name = error.column if error.column in form.fields else None
            form.add_error(name, error.message)
        return False
    _saved_message(request, series.period_kind, data["period"], before.value if before else None)
    return True


def _save_by_hand(request, indicator, form) -> bool:
    data = form.cleaned_data
    before = IndicatorValue.objects.filter(indicator=indicator, period=data["period"]).first()
    try:
        services.indicator_value_save(
            actor=request.user,
            indicator=indicator,
            period=data["period"],
            value=data["value"],
            source=data["source"],
            note=data["note"],
            publish=data["publish"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    kind = indicator.baseline_period_kind
    _saved_message(request, kind, data["period"], before.value if before else None)
    return True


def _saved_message(request, kind, period, before) -> None:
    label = _period_labeller(kind)(period)
    if before is None:
        messages.success(request, _("%(period)sの実績値を登録しました。") % {"period": label})
    else:
        messages.success(
            request,
            _("%(period)sの実績値を更新しました（前の値: %(before)s）。")
            % {"period": label, "before": format(before.normalize(), "f")},
        )


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def indicator_values(request, pk: int):
    indicator = _indicator(request, pk)
    series = _series(indicator)
    may_enter = _may_enter(request.user, indicator, series)
    counted = counted_by(indicator)
    form = None
    if may_enter and not counted:
        form = IndicatorValueForm(
            request.POST if request.method == "POST" else None,
            indicator=indicator,
            periods=_periods(indicator),
            kind=series.period_kind if series is not None else indicator.baseline_period_kind,
            series=series,
        )
        if request.method == "POST" and form.is_valid():
            saved = (
                _save_statistic(request, indicator, series, form)
                if series is not None
                else _save_by_hand(request, indicator, form)
            )
            if saved:
                return redirect("pdca:indicator_values", pk=indicator.pk)
    elif request.method == "POST":
        raise PermissionDenied
    [row] = indicator_rows(indicator.plan, published_only=False, indicators=[indicator])
    values = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("entered_by")
        .order_by("period")
    )
    statistic_values = []
    if series is not None:
        statistic_values = series.values.filter(
            area=indicator.local_government.name, breakdown_kind=""
        ).order_by("period")
    label = _period_labeller(indicator.baseline_period_kind)
    return render(
        request,
        "pdca/indicator_values.html",
        {
            "indicator": indicator,
            "row": row,
            "values": values,
            "series": series,
            "statistic_values": statistic_values,
            "form": form,
            "may_enter": may_enter,
            "counted": counted,
            "related": related_figures(indicator.plan, [indicator]).get(indicator.pk, []),
            "chart": chart_config(row, label),
        },
        status=400 if form is not None and form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def indicator_value_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    local_government = staff_local_government(request)
    item = get_object_or_404(IndicatorValue, pk=pk, local_government=local_government)
    if counted_by(item.indicator):
        raise PermissionDenied  # counted from other records: recounted there, not deleted here
    indicator_pk = item.indicator_id
    services.indicator_value_delete(actor=request.user, item=item)
    messages.success(request, _("実績値を削除しました。"))
    return redirect("pdca:indicator_values", pk=indicator_pk)
