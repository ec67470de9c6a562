"""Public PDCA pages: one indicator with its published actuals, chart and table."""

from django.shortcuts import get_object_or_404, render

from core import wareki
from core.access import public
from core.tenancy import local_government_from_slug
from core.web.pagecache import cache_public_page
from pdca.indicators.status import chart_config, indicator_rows
from plans import selectors as plan_selectors
from plans.models import Indicator


@public
@cache_public_page
def indicator_detail(request, lg: str, pk: int):
    local_government = local_government_from_slug(request, lg)
    plan = plan_selectors.current_plan(request.user, local_government)
    indicator = get_object_or_404(Indicator.objects.select_related("pillar"), pk=pk, plan=plan)
    [row] = indicator_rows(plan, published_only=True, indicators=[indicator])
    label = (
        wareki.fiscal_year_label
        if indicator.baseline_period_kind == "fiscal_year"
        else wareki.year_label
    )
    return render(
        request,
        "pdca/public_indicator.html",
        {"plan": plan, "indicator": indicator, "row": row, "chart": chart_config(row, label)},
    )
