"""The directory of consultation windows and services (社会資源), aligned with the Open Referral
Human Services Data Specification 3.x (docs/directory.md; schemas in
../shared/reference/hsds-3/). Every record has a stable `hsds_id` (UUID) for exchange.

Needs, audiences and situations are taxonomy terms; a service is tagged with the terms it
serves. Public pages show published, active records only; a partner's change waits for the
secretariat (ChangeRequest)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel

VERIFICATION_MONTHS = 12


class Taxonomy(TenantModel):
    class Kind(models.TextChoices):
        NEED = "need", _("困りごと（ニーズ）")
        AUDIENCE = "audience", _("利用する人")
        SITUATION = "situation", _("状況")

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("版"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("分類")
        verbose_name_plural = _("分類")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "kind"], name="directory_taxonomy_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(TenantModel):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.SlugField(_("コード"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    plain_name = models.CharField(_("やさしい日本語の名称"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("分類の項目")
        verbose_name_plural = _("分類の項目")
        ordering = ["taxonomy", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="directory_term_code")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    ACTIVE = "active", _("実施中")
    INACTIVE = "inactive", _("休止中")
    DEFUNCT = "defunct", _("廃止")
    TEMPORARILY_CLOSED = "temporarily closed", _("一時休止")


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("公開")
    DRAFT = "draft", _("非公開（作成中）")


class VerifiedRecord(TenantModel):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review_status = models.CharField(
        _("公開状態"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED
    )
    last_verified_on = models.DateField(
        _("最終確認日"), null=True, blank=True, help_text=_("空欄は未確認")
    )
    source = models.CharField(
        _("情報源"),
        max_length=300,
        blank=True,
        help_text=_("例: 熊本市再犯防止推進計画 資料編7(3)"),
    )
    is_fictional = models.BooleanField(_("架空データ"), default=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True


class Organization(VerifiedRecord):
    class Category(models.TextChoices):
        COUNCIL = "council", _("再犯防止推進連絡会の構成機関・団体")
        NATIONAL = "national", _("国の機関")
        PREFECTURE = "prefecture", _("県の機関")
        CITY = "city", _("市の部署")
        PARTNER = "partner", _("関係団体")
        SUPPORT_CENTER = "support_center", _("更生保護サポートセンター")
        VICTIM_SUPPORT = "victim_support", _("犯罪被害者等支援")
        HOTLINE = "hotline", _("電話相談")
        OTHER = "other", _("その他")

    name = models.CharField(_("名称"), max_length=200)
    alternate_name = models.CharField(_("別称"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    category = models.CharField(_("区分"), max_length=30, choices=Category.choices)
    email = models.EmailField(_("メール"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    legal_status = models.CharField(_("法人格"), max_length=50, blank=True)
    partner = models.ForeignKey(
        "plans.PartnerOrganization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
        verbose_name=_("計画上の関係機関・団体"),
    )
    department = models.ForeignKey(
        "plans.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
        verbose_name=_("市の担当課"),
    )
    maintainer = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
        verbose_name=_("情報を管理する組織（アカウント）"),
    )
    position = models.PositiveIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("機関・団体")
        verbose_name_plural = _("機関・団体")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "name"], name="directory_organization_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Location(VerifiedRecord):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("来所できる場所")
        VIRTUAL = "virtual", _("電話・オンライン")
        POSTAL = "postal", _("郵送先")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    location_type = models.CharField(
        _("種類"), max_length=20, choices=Type.choices, default=Type.PHYSICAL
    )
    name = models.CharField(_("名称"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    ward = models.CharField(_("区"), max_length=20, blank=True, help_text=_("例: 中央区"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("場所")
        verbose_name_plural = _("場所")
        ordering = ["organization", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.organization)


class Address(TenantModel):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    address_1 = models.CharField(_("所在地"), max_length=200)
    address_2 = models.CharField(_("建物名など"), max_length=200, blank=True)
    city = models.CharField(_("市区町村"), max_length=100)
    region = models.CharField(_("区"), max_length=100, blank=True)
    state_province = models.CharField(_("都道府県"), max_length=20)
    postal_code = models.CharField(_("郵便番号"), max_length=10, blank=True)
    country = models.CharField(_("国"), max_length=2, default="JP")
    address_type = models.CharField(_("種類"), max_length=20, default="physical")

    class Meta:
        verbose_name = _("住所")
        verbose_name_plural = _("住所")

    def __str__(self) -> str:
        return f"{self.state_province}{self.city}{self.address_1}"


class ServiceArea(models.TextChoices):
    """Where a service serves people (HSDS service_area, as one scope). A ward filter matches
    the services of that ward and every city-, prefecture- or nation-wide one."""

    UNKNOWN = "", _("未設定（場所の区で判断）")
    WARDS = "wards", _("区を指定")
    CITY = "city", _("市内全域")
    PREFECTURE = "prefecture", _("県内全域")
    NATIONAL = "national", _("全国")


class Reach(models.TextChoices):
    """Who can go to or call a service directly. Person-facing pages and the person's referral
    sheet show only PERSON; the supporters' view shows all."""

    PERSON = "person", _("本人・家族が直接相談できる")
    PROFESSIONAL = "professional", _("関係機関どうしの連携（本人は支援者を通じて）")
    EMPLOYER = "employer", _("事業所向け")


class Service(VerifiedRecord):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("名称"), max_length=200)
    alternate_name = models.CharField(_("別称"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    plain_description = models.TextField(
        _("やさしい日本語の説明"),
        blank=True,
        help_text=_("短い文で書きます。空欄なら内容から作ります。"),
    )
    url = models.URLField(_("ウェブサイト"), blank=True)
    email = models.EmailField(_("メール"), blank=True)
    status = models.CharField(
        _("実施状況"), max_length=30, choices=Status.choices, default=Status.ACTIVE
    )
    application_process = models.TextField(_("利用のしかた"), blank=True)
    eligibility_description = models.TextField(_("対象となる人"), blank=True)
    fees_description = models.TextField(_("費用"), blank=True)
    is_24_hours = models.BooleanField(_("24時間対応"), default=False)
    summary = models.CharField(
        _("ひとことで（本人向け）"),
        max_length=120,
        blank=True,
        help_text=_("相談する人に、何をしてくれるかを1行で。例: 電話で悩みを聞きます。"),
    )
    internal_note = models.TextField(
        _("職員用メモ（非公開）"),
        blank=True,
        help_text=_("情報源や確認の経緯など。公開ページには出ません。"),
    )
    area = models.CharField(
        _("対象地域"), max_length=20, choices=ServiceArea.choices, blank=True, default=""
    )
    area_wards = models.JSONField(
        _("対象の区"), default=list, blank=True, help_text=_("対象地域が「区を指定」のとき")
    )
    reach = models.CharField(
        _("だれが相談できるか"), max_length=20, choices=Reach.choices, default=Reach.PERSON
    )
    is_general_window = models.BooleanField(
        _("市の総合的な相談窓口"),
        default=False,
        help_text=_(
            "どこに相談すればよいか分からない人の窓口として、検索結果がないときなどに示します。"
        ),
    )
    terms = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services",
        verbose_name=_("分類（ニーズ・対象・状況）"),
    )
    measures = models.ManyToManyField(
        "plans.Measure", blank=True, related_name="services", verbose_name=_("関連する計画の取組")
    )
    search_text = models.TextField(_("検索用テキスト"), blank=True, editable=False)
    position = models.PositiveIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("支援・サービス")
        verbose_name_plural = _("支援・サービス")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["local_government", "review_status", "status"])]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(TenantModel):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        verbose_name = _("サービスの提供場所")
        verbose_name_plural = _("サービスの提供場所")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")
        ]


class Phone(TenantModel):
    class Type(models.TextChoices):
        VOICE = "voice", _("電話")
        FAX = "fax", _("ファクス")
        TEXT = "text", _("ショートメッセージ")
        TEXTPHONE = "textphone", _("文字電話")

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("電話番号"), max_length=40)
    extension = models.CharField(_("内線"), max_length=20, blank=True)
    type = models.CharField(_("種類"), max_length=20, choices=Type.choices, default=Type.VOICE)
    description = models.CharField(_("説明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("順序"), default=0)

    class Meta:
        verbose_name = _("電話番号")
        verbose_name_plural = _("電話番号")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.number


class Schedule(TenantModel):
    """Opening hours as HSDS (RFC 5545-style): weekly on `byday` from `opens_at` to
    `closes_at`; `is_24_hours` for lines that never close. No schedule = hours unconfirmed."""

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(_("繰り返し"), max_length=10, default="WEEKLY")
    byday = models.CharField(
        _("曜日"), max_length=40, blank=True, help_text=_("MO,TU,WE,TH,FR,SA,SU をカンマで区切る")
    )
    opens_at = models.TimeField(_("開始時刻"), null=True, blank=True)
    closes_at = models.TimeField(_("終了時刻"), null=True, blank=True)
    is_24_hours = models.BooleanField(_("24時間"), default=False)
    valid_from = models.DateField(_("有効期間（開始）"), null=True, blank=True)
    valid_to = models.DateField(_("有効期間（終了）"), null=True, blank=True)
    description = models.CharField(_("説明"), max_length=300, blank=True)
    notes = models.CharField(
        _("注記"), max_length=300, blank=True, help_text=_("例: 祝日・年末年始を除く")
    )
    internal_note = models.CharField(
        _("職員用メモ（非公開）"), max_length=300, blank=True, help_text=_("情報源など")
    )

    class Meta:
        verbose_name = _("受付時間")
        verbose_name_plural = _("受付時間")


class CrisisTerm(TenantModel):
    """A word or phrase that signals risk to life or safety (死にたい, 殺される …). A search or a
    navigator answer that contains one shows the crisis lines first. The secretariat keeps the
    list; matching folds width, kana and okurigana (directory.crisis.terms)."""

    text = models.CharField(_("言葉"), max_length=60)
    position = models.PositiveIntegerField(_("順序"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("いのち・安全の危機を示す言葉")
        verbose_name_plural = _("いのち・安全の危機を示す言葉")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "text"], name="directory_crisis_term_text"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ChangeRequest(TenantModel):
    """A partner's proposed change to its own entry, waiting for the secretariat."""

    class State(models.TextChoices):
        PENDING = "pending", _("確認待ち")
        APPROVED = "approved", _("反映済")
        REJECTED = "rejected", _("見送り")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="change_requests"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="change_requests"
    )
    proposed = models.JSONField(_("変更内容"))
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    comment = models.TextField(_("コメント"), blank=True)

    class Meta:
        verbose_name = _("掲載情報の変更申請")
        verbose_name_plural = _("掲載情報の変更申請")
        ordering = ["-submitted_at"]
