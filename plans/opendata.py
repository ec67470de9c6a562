"""The plan's open-data resources (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from core.opendata import Field, Resource, register
from plans.models import Department, Indicator, Measure, MeasureDepartment, PartnerActivity
from plans.selectors import published_plan as _published_plan


def _department_rows(local_government):
    for d in (
        Department.objects.filter(local_government=local_government)
        .select_related("parent")
        .order_by("position", "id")
    ):
        yield {"id": d.pk, "bureau": d.bureau, "name": d.full_name, "phone": d.phone}


def _pillar_rows(local_government):
    plan = _published_plan(local_government)
    if plan:
        for pillar in plan.pillars.order_by("number"):
            yield {"number": pillar.number, "title": pillar.title}


def _area_rows(local_government):
    plan = _published_plan(local_government)
    if plan:
        for pillar in plan.pillars.order_by("number").prefetch_related("areas"):
            for area in pillar.areas.all():
                yield {"pillar_number": pillar.number, "number": area.number, "title": area.title}


def _measure_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    measures = Measure.objects.filter(area__pillar__plan=plan).select_related("area__pillar")
    for m in measures.order_by("area__pillar__number", "area__number", "number"):
        yield {
            "id": m.pk,
            "pillar_number": m.area.pillar.number,
            "area_number": m.area.number,
            "number": m.number,
            "title": "／".join(m.headings),
            "body": m.body,
            "repeats_measure_id": m.repeats_id,
        }


def _measure_department_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    rows = MeasureDepartment.objects.filter(measure__area__pillar__plan=plan).order_by(
        "measure__area__pillar__number", "measure__area__number", "measure__number", "position"
    )
    yield from rows.values("measure_id", "department_id", "position")


def _partner_activity_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    activities = PartnerActivity.objects.filter(pillar__plan=plan).select_related(
        "pillar", "organization"
    )
    for a in activities.order_by("pillar__number", "position"):
        yield {
            "pillar_number": a.pillar.number,
            "organization": a.organization.full_name,
            "text": a.text,
        }


def _period(year, kind):
    if not year:
        return ""
    return f"FY{year}" if kind == "fiscal_year" else str(year)


def _indicator_rows(local_government):
    plan = _published_plan(local_government)
    if not plan:
        return
    for i in (
        Indicator.objects.filter(plan=plan).select_related("pillar").order_by("kind", "position")
    ):
        yield {
            "id": i.pk,
            "code": i.code,
            "kind": i.kind,
            "pillar_number": i.pillar.number if i.pillar_id else None,
            "name": i.name,
            "unit": i.unit,
            "baseline_value": i.baseline_value,
            "baseline_period": _period(i.baseline_year, i.baseline_period_kind),
            "target_value": i.target_value,
            "target_direction": i.target_direction,
            "target_period": _period(i.target_year, i.target_period_kind),
        }


PERIOD_HELP = _("年度は FY2019 のように、暦年は 2019 のように書きます。")

register(
    Resource(
        name="departments",
        title=_("担当課（室）"),
        fields=(
            Field("id", "integer", required=True),
            Field("bureau", "string", _("局")),
            Field("name", "string", _("部署名（室は「課（室）」の形）"), required=True),
            Field("phone", "string", _("電話番号（空欄は未確認）")),
        ),
        rows=_department_rows,
        primary_key=("id",),
    )
)
register(
    Resource(
        name="pillars",
        title=_("推進施策（節）"),
        fields=(
            Field("number", "integer", _("節番号"), required=True),
            Field("title", "string", required=True),
        ),
        rows=_pillar_rows,
        primary_key=("number",),
    )
)
register(
    Resource(
        name="areas",
        title=_("取組分野"),
        fields=(
            Field("pillar_number", "integer", required=True),
            Field("number", "integer", required=True),
            Field("title", "string", required=True),
        ),
        rows=_area_rows,
        primary_key=("pillar_number", "number"),
        foreign_keys=(
            {"fields": "pillar_number", "reference": {"resource": "pillars", "fields": "number"}},
        ),
    )
)
register(
    Resource(
        name="measures",
        title=_("取組"),
        fields=(
            Field("id", "integer", required=True),
            Field("pillar_number", "integer", required=True),
            Field("area_number", "integer", required=True),
            Field("number", "integer", _("分野内の番号（①＝1）"), required=True),
            Field("title", "string", _("〔〕の見出し（複数は／で区切り）")),
            Field("body", "string", required=True),
            Field("repeats_measure_id", "integer", _("再掲元の取組のid")),
        ),
        rows=_measure_rows,
        primary_key=("id",),
        foreign_keys=(
            {
                "fields": ["pillar_number", "area_number"],
                "reference": {"resource": "areas", "fields": ["pillar_number", "number"]},
            },
            {"fields": "repeats_measure_id", "reference": {"resource": "", "fields": "id"}},
        ),
    )
)
register(
    Resource(
        name="measure_departments",
        title=_("取組の担当課"),
        fields=(
            Field("measure_id", "integer", required=True),
            Field("department_id", "integer", required=True),
            Field("position", "integer", _("担当課の順序"), required=True),
        ),
        rows=_measure_department_rows,
        primary_key=("measure_id", "department_id"),
        foreign_keys=(
            {"fields": "measure_id", "reference": {"resource": "measures", "fields": "id"}},
            {"fields": "department_id", "reference": {"resource": "departments", "fields": "id"}},
        ),
    )
)
register(
    Resource(
        name="partner_activities",
        title=_("国・県・関係団体の取り組み"),
        fields=(
            Field("pillar_number", "integer", required=True),
            Field("organization", "string", required=True),
            Field("text", "string", required=True),
        ),
        rows=_partner_activity_rows,
        foreign_keys=(
            {"fields": "pillar_number", "reference": {"resource": "pillars", "fields": "number"}},
        ),
    )
)
register(
    Resource(
        name="indicators",
        title=_("成果指標・参考指標"),
        fields=(
            Field("id", "integer", required=True),
            Field(
                "code",
                "string",
                _("計画の中で指標を識別するコード。指標名が変わっても変わりません。"),
                required=True,
            ),
            Field(
                "kind",
                "string",
                _("outcome（成果指標）または reference（参考指標）"),
                required=True,
            ),
            Field("pillar_number", "integer"),
            Field("name", "string", required=True),
            Field("unit", "string", required=True),
            Field("baseline_value", "number"),
            Field("baseline_period", "string", PERIOD_HELP),
            Field("target_value", "number"),
            Field(
                "target_direction",
                "string",
                _("increase（増加）, decrease（減少）, maintain（維持）"),
            ),
            Field("target_period", "string", PERIOD_HELP),
        ),
        rows=_indicator_rows,
        primary_key=("id",),
        foreign_keys=(
            {"fields": "pillar_number", "reference": {"resource": "pillars", "fields": "number"}},
        ),
    )
)
