"""Read-only REST API of a local government's statistics (OpenAPI schema at /api/schema/).
Derived rates are included, computed from their counts and marked `derived`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from core.tenancy import local_government_from_slug
from stats import selectors
from stats.selectors import plain_value


class PlainDecimalField(serializers.DecimalField):
    """A decimal as a plain string without trailing zeros: "564", "50.9"."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=16, decimal_places=3, **kwargs)

    def to_representation(self, value):
        return plain_value(value)


class PointValueField(serializers.DecimalField):
    """A point's value: plain, and with one decimal place when derived."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=16, decimal_places=3, source="*", **kwargs)

    def to_representation(self, point):
        return plain_value(point.value, point.derived)


class PointSerializer(serializers.Serializer):
    area = serializers.CharField(help_text=_("地域"))
    period = serializers.IntegerField(help_text=_("西暦の年（度）"))
    breakdown_kind = serializers.CharField(help_text=_("内訳の種類（総数は空）"))
    breakdown = serializers.CharField(help_text=_("内訳（総数は空）"))
    value = PointValueField(help_text=_("値（算出値は小数第1位まで）"))
    note = serializers.CharField(help_text=_("備考"))
    derived = serializers.BooleanField(help_text=_("件数から算出した値か"))


class SeriesSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name = serializers.CharField()
    unit = serializers.CharField()
    period_kind = serializers.CharField(
        help_text=_("fiscal_year（年度）または calendar_year（暦年）")
    )
    kind = serializers.CharField(
        help_text=_("count（件数・人数）, rate（件数から算出する率）, stated（出典の値）")
    )
    derived = serializers.BooleanField(source="is_derived")
    numerator = serializers.SlugField(source="numerator.key", allow_null=True, default=None)
    denominator = serializers.SlugField(source="denominator.key", allow_null=True, default=None)
    scale = PlainDecimalField(allow_null=True)
    additive = serializers.BooleanField(help_text=_("内訳の合計が総数に一致するか"))
    source = serializers.CharField(help_text=_("出典"))
    figure = serializers.CharField(help_text=_("計画の図表"))
    note = serializers.CharField()
    values = PointSerializer(source="points", many=True)


class _PublicStatisticsView:
    """Public, read-only; every statistic of the local government in the URL is public."""

    tsunagu_access = "public"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = SeriesSerializer

    def local_government(self):
        return local_government_from_slug(self.request, self.kwargs["lg"])


class SeriesList(_PublicStatisticsView, generics.ListAPIView):
    """Every series with its values."""

    def get_queryset(self):
        local_government = self.local_government()
        series = selectors.series_list(local_government)
        points = selectors.points_by_series(local_government, series)
        for item in series:
            item.points = points[item.pk]
        return series


class SeriesDetail(_PublicStatisticsView, generics.RetrieveAPIView):
    """One series with its values."""

    def get_object(self):
        series = selectors.series_detail(self.local_government(), self.kwargs["key"])
        series.points = selectors.series_points(series)
        return series
