"""Read-only REST API of published plans (OpenAPI schema at /api/schema/)."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from core.tenancy import local_government_from_slug
from core.web.pagination import query_int
from plans import selectors
from plans.indicator_status import published_indicator_rows
from plans.models import Department, Indicator, Measure, MeasureDepartment, Pillar, Plan

MAX_PILLAR = 999


class DepartmentSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    parent_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "name", "full_name", "bureau", "parent_id", "phone", "kind"]


class MeasureDepartmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="department.id")
    name = serializers.CharField(source="department.full_name")

    class Meta:
        model = MeasureDepartment
        fields = ["id", "name", "position"]


class MeasureSerializer(serializers.ModelSerializer):
    pillar_number = serializers.IntegerField(source="area.pillar.number")
    area_number = serializers.IntegerField(source="area.number")
    area_title = serializers.CharField(source="area.title")
    title = serializers.CharField(read_only=True)
    headings = serializers.ListField(child=serializers.CharField())
    departments = MeasureDepartmentSerializer(source="assignments", many=True)
    repeats_measure_id = serializers.IntegerField(source="repeats_id", allow_null=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "pillar_number",
            "area_number",
            "area_title",
            "number",
            "title",
            "headings",
            "body",
            "departments",
            "repeats_measure_id",
        ]


class IndicatorActualSerializer(serializers.Serializer):
    period = serializers.IntegerField(help_text="Western year (fiscal or calendar, as baseline)")
    value = serializers.DecimalField(max_digits=14, decimal_places=3)


class IndicatorSerializer(serializers.ModelSerializer):
    pillar_number = serializers.IntegerField(source="pillar.number", allow_null=True, default=None)
    actuals = IndicatorActualSerializer(
        many=True, read_only=True, source="api_actuals", help_text="published actual values"
    )
    status = serializers.ChoiceField(
        choices=["achieved", "on_track", "off_track", "no_data"],
        read_only=True,
        source="api_status",
        help_text="computed from the latest actual, the baseline and the target",
    )
    statistic_series = serializers.CharField(
        read_only=True, help_text="the statistics series the actuals are read from, if any"
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "kind",
            "pillar_number",
            "name",
            "definition",
            "unit",
            "baseline_value",
            "baseline_year",
            "baseline_period_kind",
            "target_value",
            "target_direction",
            "target_year",
            "target_period_kind",
            "target_note",
            "better",
            "statistic_series",
            "actuals",
            "status",
        ]


class AreaSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()


class PillarSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True)

    class Meta:
        model = Pillar
        fields = ["number", "title", "areas"]


class PlanSerializer(serializers.ModelSerializer):
    local_government = serializers.CharField(source="local_government.name")
    local_government_code = serializers.CharField(source="local_government.code")
    pillars = PillarSerializer(many=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "local_government",
            "local_government_code",
            "title",
            "start_fiscal_year",
            "end_fiscal_year",
            "basic_philosophy",
            "basic_policy",
            "pillars",
        ]


class _PublicPlanView:
    """Public, read-only; scoped to the newest published plan of the local government in the URL."""

    tsunagu_access = "public"
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def plan(self):
        if not hasattr(self, "_plan"):
            local_government = local_government_from_slug(self.request, self.kwargs["lg"])
            # The API serves published data only, whoever asks.
            self._plan = selectors.published_plan(local_government)
            if self._plan is None:
                raise Http404("no published plan")
        return self._plan


class PlanDetail(_PublicPlanView, generics.RetrieveAPIView):
    serializer_class = PlanSerializer

    def get_object(self):
        plan = self.plan()
        return (
            Plan.objects.select_related("local_government")
            .prefetch_related(
                Prefetch(
                    "pillars", queryset=Pillar.objects.order_by("number").prefetch_related("areas")
                )
            )
            .get(pk=plan.pk)
        )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q", str, description=_("検索語（全角半角・ひらがなカタカナを区別しない）")
        ),
        OpenApiParameter(
            "pillar",
            {"type": "integer", "minimum": 1, "maximum": MAX_PILLAR},
            description=_("節番号で絞り込む（1〜999。整数でない値や範囲外の値は 400）"),
        ),
    ]
)
class MeasureList(_PublicPlanView, generics.ListAPIView):
    serializer_class = MeasureSerializer

    def get_queryset(self):
        plan = self.plan()
        query = self.request.query_params.get("q", "").strip()
        if query:
            measures = selectors.search_measures(plan, query[:100])
        else:
            measures = selectors.measures_with_departments(
                Measure.objects.filter(area__pillar__plan=plan)
            ).order_by("area__pillar__number", "area__number", "number")
        pillar = query_int(self.request, "pillar", default=None, minimum=1, maximum=MAX_PILLAR)
        if pillar is not None:
            measures = measures.filter(area__pillar__number=pillar)
        return measures


class MeasureDetail(_PublicPlanView, generics.RetrieveAPIView):
    serializer_class = MeasureSerializer

    def get_queryset(self):
        return selectors.measures_with_departments(
            Measure.objects.filter(area__pillar__plan=self.plan())
        )


class DepartmentList(_PublicPlanView, generics.ListAPIView):
    serializer_class = DepartmentSerializer

    def get_queryset(self):
        self.plan()
        return (
            Department.objects.filter(local_government=self.request.local_government)
            .select_related("parent")
            .order_by("position", "id")
        )


class IndicatorList(_PublicPlanView, generics.ListAPIView):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        return self.plan().indicators.select_related("pillar").order_by("kind", "position")

    def paginate_queryset(self, queryset):
        """Attach the published actuals and the computed status to the page's indicators
        (a fixed number of queries, see plans.indicator_status)."""
        page = super().paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        if items:
            for row in published_indicator_rows(items[0].plan, items):
                row.indicator.api_actuals = [
                    {"period": period, "value": row.actuals[period]} for period in row.periods
                ]
                row.indicator.api_status = row.assessment.status.value
        return page
