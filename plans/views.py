"""Public plan pages: overview, pillars, measures, departments, partner activities, search."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from core.access import public
from core.tenancy import local_government_from_slug
from core.web.pagecache import cache_public_page
from plans import selectors
from plans.indicator_status import published_indicator_rows


def _plan(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return local_government, selectors.current_plan(request.user, local_government)


@public
@cache_public_page
def overview(request, lg: str):
    local_government, plan = _plan(request, lg)
    return render(
        request,
        "plans/overview.html",
        {
            "plan": plan,
            "pillars": selectors.plan_pillars(plan),
            "outcome_rows": published_indicator_rows(plan, selectors.outcome_indicators(plan)),
        },
    )


@public
@cache_public_page
def pillar_detail(request, lg: str, number: int):
    local_government, plan = _plan(request, lg)
    pillar = selectors.pillar_detail(plan, number)
    pillars = list(plan.pillars.order_by("number").values("number", "title"))
    return render(
        request, "plans/pillar_detail.html", {"plan": plan, "pillar": pillar, "pillars": pillars}
    )


@public
@cache_public_page
def measure_detail(request, lg: str, pk: int):
    local_government, plan = _plan(request, lg)
    measure = selectors.measure_detail(plan, pk)
    return render(request, "plans/measure_detail.html", {"plan": plan, "measure": measure})


@public
@cache_public_page
def department_list(request, lg: str):
    local_government, plan = _plan(request, lg)
    return render(
        request,
        "plans/department_list.html",
        {"plan": plan, "departments": selectors.departments(local_government, plan)},
    )


@public
@cache_public_page
def department_detail(request, lg: str, pk: int):
    local_government, plan = _plan(request, lg)
    department = selectors.department_detail(local_government, pk)
    groups = selectors.department_measures(plan, department)
    return render(
        request,
        "plans/department_detail.html",
        {
            "plan": plan,
            "department": department,
            "groups": groups,
            "measure_total": sum(len(g.measures) for g in groups),
        },
    )


@public
@cache_public_page
def partner_list(request, lg: str):
    local_government, plan = _plan(request, lg)
    return render(
        request,
        "plans/partner_list.html",
        {
            "plan": plan,
            "organizations": selectors.partner_activities_by_organization(plan),
            "council_members": selectors.council_members(local_government),
        },
    )


@public
@cache_public_page
def indicator_list(request, lg: str):
    local_government, plan = _plan(request, lg)
    indicators = plan.indicators.select_related("pillar").order_by("kind", "position")
    return render(
        request,
        "plans/indicator_list.html",
        {"plan": plan, "rows": published_indicator_rows(plan, list(indicators))},
    )


@public
@cache_public_page
def glossary(request, lg: str):
    local_government, plan = _plan(request, lg)
    return render(
        request, "plans/glossary.html", {"plan": plan, "terms": plan.glossary.order_by("number")}
    )


SEARCH_PAGE_SIZE = 20


@public
@cache_public_page
def search(request, lg: str):
    local_government, plan = _plan(request, lg)
    query = request.GET.get("q", "").strip()[:100]
    page = None
    if query:
        paginator = Paginator(selectors.search_measures(plan, query), SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    template = (
        "plans/_search_results.html" if request.headers.get("HX-Request") else "plans/search.html"
    )
    return render(
        request,
        template,
        {"plan": plan, "query": query, "query_qs": urlencode({"q": query}), "page": page},
    )
