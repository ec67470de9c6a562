"""Housing (住居): the providers, their safety-net homes, and the public-housing rounds.

Sets of fixed choices that are filtered on (the 住宅確保要配慮者 a landlord will not refuse,
a provider's services) are bit masks in an integer (core.fields.choice_masks), so that "homes that
accept 保護観察対象者等 and 高齢者 at once" is one column expression on SQLite and PostgreSQL
alike: `F("accepts").bitand(mask) == mask` (housing.selectors.search_homes).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.models import TenantModel


class Acceptance(models.TextChoices):
    """The 住宅確保要配慮者 a landlord will not refuse, as in the national registration of
    セーフティネット住宅 (住宅セーフティネット法). Stored as a bit mask in this order: new
    ones go at the end. A city's own additions are `LocalAcceptance` rows (bits 24 and up)."""

    LOW_INCOME = "low_income", _("低額所得者")
    LOW_INCOME_WELFARE = "low_income_welfare", _("低額所得者（生活保護受給者）")
    DISASTER = "disaster", _("被災者")
    ELDERLY = "elderly", _("高齢者")
    PHYSICAL_DISABILITY = "physical_disability", _("身体障害者")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("知的障害者")
    MENTAL_DISABILITY = "mental_disability", _("精神障害者")
    OTHER_DISABILITY = "other_disability", _("その他の障害者")
    CHILD_REARING = "child_rearing", _("子育て世帯")
    FOREIGN = "foreign", _("外国人")
    CHINA_RETURNEES = "china_returnees", _("中国残留邦人等")
    NEEDY = "needy", _("生活困窮者")
    CRIME_VICTIMS = "crime_victims", _("犯罪被害者等")
    DV_VICTIMS = "dv_victims", _("DV被害者")
    PROBATION = "probation", _("保護観察対象者等")
    ABUSED_CHILDREN = "abused_children", _("児童虐待を受けた者")


# The first bit of a city's own additions (LocalAcceptance.bit): the built-ins stay below it.
LOCAL_ACCEPTANCE_FIRST_BIT = 24
LOCAL_ACCEPTANCE_LAST_BIT = 30


class ProviderService(models.TextChoices):
    """What a 居住支援法人 (or another provider) offers. A bit mask in this order."""

    RENT_GUARANTEE = "rent_guarantee", _("家賃債務保証")
    TENANCY_CONSULTATION = "tenancy_consultation", _("入居相談")
    WATCHING_OVER = "watching_over", _("見守り・生活支援")
    LEFTOVER_DISPOSAL = "leftover_disposal", _("残置物処理")


class HousingProvider(TenantModel):
    """A housing provider: the profile of an organization of kind 住宅確保支援事業者 whose
    people sign in with the `housing_provider` role. Its name is the organization's; its
    phone and address come from its directory entry where it has one (one source of truth)."""

    class Kind(models.TextChoices):
        SUPPORT_CORPORATION = "support_corporation", _("居住支援法人")
        LANDLORD = "landlord", _("賃貸人（家主）")
        MANAGEMENT_COMPANY = "management_company", _("管理会社")
        COUNCIL = "council", _("居住支援協議会")

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="housing_provider",
        verbose_name=_("所属組織"),
    )
    kind = models.CharField(_("種別"), max_length=30, choices=Kind.choices)
    designation_number = models.CharField(
        _("指定番号"), max_length=50, blank=True, help_text=_("居住支援法人の指定番号など")
    )
    established_on = models.DateField(_("設立・指定日"), null=True, blank=True)
    services = models.PositiveIntegerField(_("支援の内容（ビット集合）"), default=0)
    # The wards served (names, e.g. 中央区); empty: the whole city.
    areas = models.JSONField(_("対象地域"), default=list, blank=True)
    directory_organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("相談窓口一覧の項目"),
        help_text=_("名称・電話番号は相談窓口一覧の項目を正とします"),
    )
    note = models.TextField(_("メモ"), blank=True)
    source_note = models.CharField(_("出典"), max_length=300, blank=True)
    is_fictional = models.BooleanField(_("架空"), default=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("住宅確保支援事業者")
        verbose_name_plural = _("住宅確保支援事業者")
        ordering = ["local_government", "organization__name"]

    def __str__(self) -> str:
        return self.organization.name


class LocalAcceptance(TenantModel):
    """A kind of 住宅確保要配慮者 that a city's own plan adds to the national list, stored in
    `SafetyNetHome.accepts` at `bit` (LOCAL_ACCEPTANCE_FIRST_BIT … LAST_BIT)."""

    label = models.CharField(_("名称"), max_length=100)
    bit = models.PositiveSmallIntegerField(
        _("ビット位置"),
        validators=[
            MinValueValidator(LOCAL_ACCEPTANCE_FIRST_BIT),
            MaxValueValidator(LOCAL_ACCEPTANCE_LAST_BIT),
        ],
    )

    class Meta:
        verbose_name = _("市が追加した住宅確保要配慮者")
        verbose_name_plural = _("市が追加した住宅確保要配慮者")
        ordering = ["local_government", "bit"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "bit"], name="local_acceptance_unique_bit"
            ),
            models.UniqueConstraint(
                fields=["local_government", "label"], name="local_acceptance_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class HousingRules(TenantModel):
    """A city's registration standards where it sets its own (住宅セーフティネット法: the floor
    area may be eased by the city's 賃貸住宅供給促進計画). Without a row: the national 25 ㎡."""

    min_floor_area = models.DecimalField(
        _("最低床面積（㎡）"), max_digits=5, decimal_places=2, default=Decimal("25")
    )
    note = models.CharField(_("根拠"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登録基準")
        verbose_name_plural = _("登録基準")
        constraints = [
            models.UniqueConstraint(fields=["local_government"], name="housing_rules_one_per_body")
        ]


NATIONAL_MIN_FLOOR_AREA = Decimal("25")


class SafetyNetHome(TenantModel):
    """A safety-net home (セーフティネット住宅) a provider registered, with the
    住宅確保要配慮者 its landlord will not refuse (`accepts`, a bit mask of Acceptance and the
    city's LocalAcceptance)."""

    provider = models.ForeignKey(
        HousingProvider, on_delete=models.CASCADE, related_name="homes", verbose_name=_("事業者")
    )
    registration_number = models.CharField(_("登録番号"), max_length=50, blank=True)
    name = models.CharField(_("住宅の名称"), max_length=200)
    address = models.CharField(_("所在地"), max_length=300)
    ward = models.CharField(_("区"), max_length=20, blank=True, db_index=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    rent = models.PositiveIntegerField(_("家賃（円）"))
    common_fee = models.PositiveIntegerField(_("共益費（円）"), default=0)
    deposit = models.PositiveIntegerField(_("敷金（円）"), default=0)
    floor_area = models.DecimalField(_("床面積（㎡）"), max_digits=6, decimal_places=2)
    layout = models.CharField(_("間取り"), max_length=20, help_text=_("例: 1K, 2DK"))
    units = models.PositiveIntegerField(_("戸数"), default=1)
    vacancies = models.PositiveIntegerField(_("空き戸数"), default=0)
    barrier_free = models.BooleanField(_("バリアフリー"), default=False)
    pets_allowed = models.BooleanField(_("ペット可"), default=False)
    earthquake_resistant = models.BooleanField(_("耐震性あり"), default=True)
    dedicated = models.BooleanField(
        _("専用住宅"), default=False, help_text=_("住宅確保要配慮者専用の住宅")
    )
    accepts = models.PositiveIntegerField(_("受け入れる住宅確保要配慮者（ビット集合）"), default=0)
    contact = models.CharField(_("問い合わせ先"), max_length=300, blank=True)
    note = models.TextField(_("備考"), blank=True)
    is_public = models.BooleanField(
        _("公開してよい"),
        default=False,
        help_text=_("家主が一般公開に同意した住宅だけを公開します"),
    )
    is_active = models.BooleanField(_("掲載中"), default=True)
    is_fictional = models.BooleanField(_("架空"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成者"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("セーフティネット住宅")
        verbose_name_plural = _("セーフティネット住宅")
        ordering = ["local_government", "ward", "rent", "id"]
        indexes = [
            models.Index(fields=["local_government", "is_active", "rent"], name="home_search_rent"),
            models.Index(
                fields=["local_government", "is_active", "ward", "rent"], name="home_search_ward"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="home_unique_registration_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def monthly_cost(self) -> int:
        return self.rent + self.common_fee


class PublicHousingRound(TenantModel):
    """A recruitment round of the city's public housing (市営住宅): public information."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("定期募集")
        ONGOING = "ongoing", _("随時募集")

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    application_from = models.DateField(_("受付開始日"))
    application_until = models.DateField(_("受付終了日"), null=True, blank=True)
    units = models.PositiveIntegerField(_("募集戸数"), null=True, blank=True)
    description = models.TextField(_("内容"), blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=300, blank=True)
    url = models.URLField(_("詳しい案内のURL"), blank=True)
    is_published = models.BooleanField(_("公開"), default=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("市営住宅の募集")
        verbose_name_plural = _("市営住宅の募集")
        ordering = ["local_government", "-application_from", "id"]

    def __str__(self) -> str:
        return self.title


class PublicHousingRule(TenantModel):
    """A priority rule or condition of the city's public housing, as its plan states it
    (e.g. 優先入居の対象): information, in the order given."""

    title = models.CharField(_("見出し"), max_length=200)
    body = models.TextField(_("内容"))
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)
    source_note = models.CharField(_("出典"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("市営住宅の入居の取扱い")
        verbose_name_plural = _("市営住宅の入居の取扱い")
        ordering = ["local_government", "order", "id"]

    def __str__(self) -> str:
        return self.title
