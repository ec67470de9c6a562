"""Plan editing for the secretariat: add, edit and reorder measures, assign departments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from core.web.params import id_param
from plans import selectors, services
from plans.forms import MeasureForm
from plans.models import Area, Measure


def _editable_plan(request):
    local_government = staff_local_government(request)
    return local_government, selectors.current_plan(request.user, local_government)


def _area_with_measures(area_pk):
    measures = selectors.measures_with_departments(Measure.objects.order_by("number"))
    return (
        Area.objects.select_related("pillar")
        .prefetch_related(Prefetch("measures", queryset=measures))
        .get(pk=area_pk)
    )


@roles_required(Role.SECRETARIAT)
def index(request):
    local_government, plan = _editable_plan(request)
    return render(
        request, "plans/admin_index.html", {"plan": plan, "pillars": selectors.plan_structure(plan)}
    )


@roles_required(Role.SECRETARIAT)
def measure_create(request):
    local_government, plan = _editable_plan(request)
    area = id_param(request.GET, "area")
    initial = {"area": area} if area else {}
    form = MeasureForm(
        request.POST or None, plan=plan, local_government=local_government, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.measure_create(
                actor=request.user,
                area=data["area"],
                headings=data["heading_list"],
                body=data["body"],
                departments=data["departments"],
                repeats=data["repeats"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("取組 %(title)s を追加しました。") % {"title": measure})
            return redirect(reverse("plan_admin:index") + f"#measure-{measure.pk}")
    return render(
        request, "plans/admin_measure_form.html", {"plan": plan, "form": form, "measure": None}
    )


@roles_required(Role.SECRETARIAT)
def measure_edit(request, pk: int):
    local_government, plan = _editable_plan(request)
    measure = get_object_or_404(
        Measure.objects.filter(area__pillar__plan=plan).select_related("area__pillar"), pk=pk
    )
    form = MeasureForm(
        request.POST or None,
        plan=plan,
        local_government=local_government,
        editing=measure,
        initial=MeasureForm.initial_for(measure),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_update(
                actor=request.user,
                measure=measure,
                headings=data["heading_list"],
                body=data["body"],
                departments=data["departments"],
                repeats=data["repeats"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("取組 %(title)s を更新しました。") % {"title": measure})
            return redirect(reverse("plan_admin:index") + f"#measure-{measure.pk}")
    return render(
        request, "plans/admin_measure_form.html", {"plan": plan, "form": form, "measure": measure}
    )


@roles_required(Role.SECRETARIAT)
def measure_move(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    local_government, plan = _editable_plan(request)
    measure = get_object_or_404(Measure.objects.filter(area__pillar__plan=plan), pk=pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    error = None
    if offset is None:
        error = _("移動の向きを指定してください。")
    else:
        try:
            services.measure_move(actor=request.user, measure=measure, offset=offset)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        area = _area_with_measures(measure.area_id)
        return render(
            request, "plans/_admin_area.html", {"area": area, "error": error, "moved": measure.pk}
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("plan_admin:index") + f"#measure-{measure.pk}")
