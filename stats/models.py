"""Statistics of chapter 2: series (what is counted, by whom, per calendar or fiscal year)
and their values per area, period and breakdown. Rates are derived, never stored."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from core.periods import PeriodKind


class StatisticSeries(TenantModel):
    class Kind(models.TextChoices):
        COUNT = "count", _("件数・人数")
        RATE = "rate", _("率（件数から算出）")
        STATED = "stated", _("出典の値（率など）")

    key = models.SlugField(_("キー"), max_length=60)
    name = models.CharField(_("統計名"), max_length=200)
    unit = models.CharField(_("単位"), max_length=20)
    period_kind = models.CharField(_("期間の種別"), max_length=20, choices=PeriodKind.choices)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    numerator = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("分子"),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("分母"),
    )
    scale = models.DecimalField(_("倍率"), max_digits=8, decimal_places=2, null=True, blank=True)
    additive = models.BooleanField(_("内訳の合計が総数に一致する"), default=True)
    source = models.CharField(_("出典"), max_length=200, blank=True)
    figure = models.CharField(_("図表"), max_length=60, blank=True)
    note = models.TextField(_("注記"), blank=True)
    position = models.PositiveIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("統計系列")
        verbose_name_plural = _("統計系列")
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "key"], name="stats_series_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_derived(self) -> bool:
        return self.kind == self.Kind.RATE


class StatisticValue(TenantModel):
    series = models.ForeignKey(
        StatisticSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("統計系列")
    )
    area = models.CharField(_("地域"), max_length=60)
    period = models.PositiveSmallIntegerField(_("年（度）"))
    breakdown_kind = models.CharField(_("内訳の種類"), max_length=40, blank=True)
    breakdown = models.CharField(_("内訳"), max_length=100, blank=True)
    value = models.DecimalField(_("値"), max_digits=16, decimal_places=3)
    note = models.CharField(_("備考"), max_length=300, blank=True)
    from_package = models.BooleanField(
        _("計画パッケージの値"),
        default=False,
        help_text=_(
            "計画パッケージから読み込んだ値。画面から取り込んだ値は、パッケージを読み込み直しても変わりません。"
        ),
    )

    class Meta:
        verbose_name = _("統計値")
        verbose_name_plural = _("統計値")
        ordering = ["series", "area", "period", "breakdown_kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "area", "period", "breakdown_kind", "breakdown"],
                name="stats_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.area} {self.period} {self.breakdown}: {self.value}"

    @property
    def number(self) -> Decimal:
        return self.value.normalize() if self.value == self.value.to_integral() else self.value
