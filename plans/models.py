"""The plan as data: plan, pillars (節), areas, measures (取組), departments, partner
bodies and their activities, indicators, glossary."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from core.periods import PeriodKind
from plans import indicator_codes


class Plan(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        PUBLISHED = "published", _("公表")

    key = models.SlugField(
        _("計画キー"), max_length=40, help_text=_("団体内で計画を識別する短い名前。例: 2021")
    )
    title = models.CharField(_("計画名"), max_length=200)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_fiscal_year = models.PositiveSmallIntegerField(_("計画期間（開始年度）"))
    end_fiscal_year = models.PositiveSmallIntegerField(_("計画期間（終了年度）"))
    adopted_year = models.PositiveSmallIntegerField(_("策定年"), null=True, blank=True)
    adopted_month = models.PositiveSmallIntegerField(_("策定月"), null=True, blank=True)
    purpose = models.TextField(_("計画の目的"), blank=True)
    positioning = models.TextField(_("計画の位置づけ"), blank=True)
    target_people = models.TextField(_("計画の対象者"), blank=True)
    basic_philosophy = models.TextField(_("基本理念"), blank=True)
    basic_policy = models.TextField(_("基本方針"), blank=True)
    city_measures_note = models.TextField(_("市の取り組みについての注記"), blank=True)
    promotion_structure = models.TextField(_("推進体制"), blank=True)
    progress_management = models.TextField(_("進捗管理"), blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("前計画"),
        related_name="successors",
    )
    package_version = models.CharField(_("計画パッケージの版"), max_length=40, blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("計画")
        verbose_name_plural = _("計画")
        ordering = ["local_government", "-start_fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["local_government", "key"], name="plan_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class Pillar(TenantModel):
    """A 推進施策 (第N節 of chapter 4)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("計画")
    )
    number = models.PositiveSmallIntegerField(_("節番号"))
    title = models.CharField(_("推進施策"), max_length=200)

    class Meta:
        verbose_name = _("推進施策")
        verbose_name_plural = _("推進施策")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="pillar_unique_number")
        ]

    def __str__(self) -> str:
        return _("第%(number)s節 %(title)s") % {"number": self.number, "title": self.title}


class PillarColumn(TenantModel):
    """A boxed explanation inside a pillar (コラム), e.g. on 社会を明るくする運動."""

    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="columns", verbose_name=_("推進施策")
    )
    position = models.PositiveSmallIntegerField(_("順序"))
    title = models.CharField(_("見出し"), max_length=200)
    body = models.TextField(_("本文"))

    class Meta:
        verbose_name = _("コラム")
        verbose_name_plural = _("コラム")
        ordering = ["pillar", "position"]

    def __str__(self) -> str:
        return self.title


class Area(TenantModel):
    """A numbered sub-head of a pillar's 熊本市の取り組み, e.g. （１）民間住宅への入居支援."""

    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="areas", verbose_name=_("推進施策")
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    title = models.CharField(_("取組分野"), max_length=200)

    class Meta:
        verbose_name = _("取組分野")
        verbose_name_plural = _("取組分野")
        ordering = ["pillar", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "number"], name="area_unique_number")
        ]

    def __str__(self) -> str:
        return f"（{self.number}）{self.title}"


class Department(TenantModel):
    """A 担当課（室）; a 室 inside a 課 has the 課 as parent."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("課・室")
        COLLECTIVE = "collective", _("複数の課の総称")

    name = models.CharField(_("名称"), max_length=100)
    bureau = models.CharField(_("局"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("所属する課"),
        related_name="children",
    )
    phone = models.CharField(_("電話番号"), max_length=40, blank=True)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    note = models.CharField(_("備考"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("担当課（室）")
        verbose_name_plural = _("担当課（室）")
        ordering = ["local_government", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "name"], name="department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def can_report(self) -> bool:
        """A collective name (関係各課: every department concerned) is no department that
        writes a progress report, receives reminders or has staff of its own."""
        return self.kind == self.Kind.DEPARTMENT

    @property
    def assigned_name(self) -> str:
        """The name as a measure's responsible department: a collective one says that it
        means all departments concerned, e.g. 関係各課（全課）."""
        if not self.can_report:
            return _("%(name)s（全課）") % {"name": self.full_name}
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name as the plan writes it: a 室 with its 課, e.g. 経済政策課（しごとづくり推進室）."""
        if self.parent_id:
            return f"{self.parent.name}（{self.name}）"
        return self.name


class Measure(TenantModel):
    """A 取組内容: one numbered measure (①…) of an area."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="measures", verbose_name=_("取組分野")
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    headings = models.JSONField(_("見出し"), default=list, blank=True)
    body = models.TextField(_("取組内容"))
    departments = models.ManyToManyField(
        Department,
        through="MeasureDepartment",
        related_name="measures",
        verbose_name=_("担当課（室）"),
    )
    repeats = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("再掲元の取組"),
        related_name="repeated_by",
    )
    search_text = models.TextField(_("検索用テキスト"), blank=True, editable=False)

    class Meta:
        verbose_name = _("取組")
        verbose_name_plural = _("取組")
        ordering = ["area", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="measure_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.circled_number} {self.title}"

    @property
    def circled_number(self) -> str:
        return circled(self.number)

    @property
    def title(self) -> str:
        """The 〔…〕 headings, or the opening of the body for a measure without its own."""
        if self.headings:
            return "／".join(self.headings)
        first_line = self.body.split("\n", 1)[0]
        return first_line if len(first_line) <= 40 else first_line[:40] + "…"


class MeasureDepartment(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assignments")
    position = models.PositiveSmallIntegerField(_("順序"))

    class Meta:
        verbose_name = _("担当課の割り当て")
        verbose_name_plural = _("担当課の割り当て")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "department"], name="measure_department_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.department_id} ({self.position})"


class PartnerOrganization(TenantModel):
    """A 関係機関・団体 named in the plan (連絡会 members and bodies of chapter 4)."""

    name = models.CharField(_("名称"), max_length=200)
    legal_form = models.CharField(_("法人格"), max_length=50, blank=True)
    category = models.CharField(_("区分"), max_length=50, blank=True)
    council_number = models.PositiveSmallIntegerField(_("連絡会の番号"), null=True, blank=True)
    council_group = models.CharField(_("連絡会の区分"), max_length=50, blank=True)
    alias = models.CharField(_("別称・別表記"), max_length=200, blank=True)
    note = models.TextField(_("備考"), blank=True)
    position = models.PositiveIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("関係機関・団体")
        verbose_name_plural = _("関係機関・団体")
        ordering = ["local_government", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "name"], name="partner_organization_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return f"{self.legal_form} {self.name}" if self.legal_form else self.name


class PartnerActivity(TenantModel):
    """An activity of a partner body under a pillar (国・県・関係団体の取り組み)."""

    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.CASCADE,
        related_name="partner_activities",
        verbose_name=_("推進施策"),
    )
    organization = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("関係機関・団体"),
    )
    position = models.PositiveSmallIntegerField(_("順序"))
    text = models.TextField(_("取り組み"))

    class Meta:
        verbose_name = _("関係機関・団体の取り組み")
        verbose_name_plural = _("関係機関・団体の取り組み")
        ordering = ["pillar", "position"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.text[:30]}"


# What an indicator says, beyond its plan, kind, position, code and pillar: what a package
# load sets and what the next plan copies.
INDICATOR_CONTENT_FIELDS = (
    "name",
    "definition",
    "unit",
    "better",
    "baseline_value",
    "baseline_year",
    "baseline_period_kind",
    "target_value",
    "target_direction",
    "target_year",
    "target_period_kind",
    "target_note",
    "source_note",
    "statistic_series",
)


class Indicator(TenantModel):
    """The outcome indicator (成果指標) or a reference indicator (参考指標)."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("成果指標")
        REFERENCE = "reference", _("参考指標")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("増加")
        DECREASE = "decrease", _("減少")
        MAINTAIN = "maintain", _("維持")

    class Better(models.TextChoices):
        HIGHER = "higher", _("高いほどよい")
        LOWER = "lower", _("低いほどよい")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("計画")
    )
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("推進施策"),
    )
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("順序"))
    code = models.CharField(
        _("コード"),
        max_length=indicator_codes.MAX_LENGTH,
        validators=[
            RegexValidator(
                indicator_codes.PATTERN,
                _("コードは英小文字で始まり、英小文字・数字・下線（_）だけで書いてください。"),
            )
        ],
        help_text=_(
            "計画の中で指標を識別する名前（例: job_magazine_postings）。指標名を変えても変わりません。"
        ),
    )
    name = models.CharField(_("指標名"), max_length=200)
    definition = models.CharField(_("定義"), max_length=300, blank=True)
    unit = models.CharField(_("単位"), max_length=20)
    baseline_value = models.DecimalField(
        _("基準値"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("基準年（度）"), null=True, blank=True)
    baseline_period_kind = models.CharField(
        _("基準値の期間の種類"),
        max_length=20,
        choices=PeriodKind.choices,
        default=PeriodKind.FISCAL_YEAR,
    )
    target_value = models.DecimalField(
        _("目標値"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_direction = models.CharField(
        _("目標の方向"), max_length=20, choices=Direction.choices, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("目標年（度）"), null=True, blank=True)
    target_period_kind = models.CharField(
        _("目標の期間の種類"),
        max_length=20,
        choices=PeriodKind.choices,
        default=PeriodKind.FISCAL_YEAR,
    )
    target_note = models.CharField(_("目標の注記"), max_length=200, blank=True)
    better = models.CharField(_("望ましい方向"), max_length=10, choices=Better.choices)
    statistic_series = models.SlugField(
        _("実績を読む統計系列"),
        max_length=60,
        blank=True,
        help_text=_("指定すると、この統計系列の総数（当該団体の地域）を実績値として読みます。"),
    )
    source_note = models.TextField(_("出典・注記"), blank=True)

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["plan", "kind", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=False) | ~models.Q(target_direction=""),
                name="indicator_has_target",
            ),
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_unique_code",
                violation_error_message=_("この計画には同じコードの指標がすでにあります。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(TenantModel):
    """A term explained in the plan's footnotes (用語解説)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="glossary", verbose_name=_("計画")
    )
    number = models.PositiveSmallIntegerField(_("番号"))
    term = models.CharField(_("用語"), max_length=200)
    definition = models.TextField(_("解説"))

    class Meta:
        verbose_name = _("用語解説")
        verbose_name_plural = _("用語解説")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="glossary_unique_number")
        ]

    def __str__(self) -> str:
        return self.term


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"


def circled(number: int) -> str:
    """Return ① for 1 … ㊿ for 50, and (51) beyond."""
    if 1 <= number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    return f"({number})"
