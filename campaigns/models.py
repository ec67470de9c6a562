"""Campaigns (社会を明るくする運動) and the recruitment of 更生保護ボランティア.

The reference indicators 行事参加人数 and 推進大会参加人数 are counted from the events'
participants (campaigns.events.indicator), never typed; 市民の認知度 is a survey figure
(`AwarenessSurvey`) written to its indicator with its source and sample size.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel


class CampaignYear(TenantModel):
    """One year of 社会を明るくする運動 (the national campaign month is July): its theme and
    slogan. `fiscal_year` is the 年度 the campaign's events count towards."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    theme = models.CharField(_("テーマ"), max_length=300, blank=True)
    slogan = models.CharField(_("標語"), max_length=300, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    source_note = models.CharField(_("出典"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("運動の年度")
        verbose_name_plural = _("運動の年度")
        ordering = ["local_government", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "fiscal_year"], name="campaign_year_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.fiscal_year)


class CommitteeMember(TenantModel):
    """A member body of the campaign's committee (推進委員会; 別紙1 where the plan lists it)."""

    campaign = models.ForeignKey(
        CampaignYear, on_delete=models.CASCADE, related_name="members", verbose_name=_("年度")
    )
    name = models.CharField(_("団体名"), max_length=200)
    position = models.CharField(_("役職"), max_length=100, blank=True, help_text=_("例: 委員長"))
    order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("推進委員会の構成団体")
        verbose_name_plural = _("推進委員会の構成団体")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    MESSAGE_CEREMONY = "message_ceremony", _("メッセージ伝達式")
    RALLY = "rally", _("推進大会")
    PARADE = "parade", _("パレード")
    SCHOOL_LESSON = "school_lesson", _("出前授業")
    EXHIBITION = "exhibition", _("啓発展示")
    ESSAY_CONTEST = "essay_contest", _("作文コンテスト")
    STREET_CAMPAIGN = "street_campaign", _("街頭啓発")
    OTHER = "other", _("その他")


class CampaignEvent(TenantModel):
    """An event of the campaign: what, when, where, who organised it; its participants are
    `EventParticipation` rows by kind (the total counts towards 行事参加人数, a 推進大会's
    towards 推進大会参加人数)."""

    campaign = models.ForeignKey(
        CampaignYear, on_delete=models.CASCADE, related_name="events", verbose_name=_("年度")
    )
    kind = models.CharField(_("種類"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("開催日"), null=True, blank=True, db_index=True)
    ends_on = models.DateField(_("終了日"), null=True, blank=True)
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    place = models.CharField(_("場所"), max_length=200, blank=True)
    organizer = models.CharField(_("主催"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    is_public = models.BooleanField(_("公開"), default=True)
    is_fictional = models.BooleanField(_("架空"), default=False)
    source_note = models.CharField(_("出典"), max_length=300, blank=True)
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
        verbose_name = _("行事")
        verbose_name_plural = _("行事")
        ordering = ["local_government", "starts_on", "id"]
        indexes = [
            models.Index(
                fields=["local_government", "is_public", "starts_on"], name="campaign_event_public"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParticipantKind(models.TextChoices):
    CITIZENS = "citizens", _("市民")
    STUDENTS = "students", _("児童・生徒")
    VOLUNTEERS = "volunteers", _("更生保護ボランティア")
    PARTNERS = "partners", _("関係機関・団体")
    OTHER = "other", _("その他")


class EventParticipation(TenantModel):
    """How many took part in an event, by kind."""

    event = models.ForeignKey(
        CampaignEvent,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("行事"),
    )
    kind = models.CharField(_("参加者の区分"), max_length=20, choices=ParticipantKind.choices)
    count = models.PositiveIntegerField(_("人数"))

    class Meta:
        verbose_name = _("参加者数")
        verbose_name_plural = _("参加者数")
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="event_participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.get_kind_display()} {self.count}"


class AwarenessSurvey(TenantModel):
    """A survey of the citizens' awareness of the campaign (市民の認知度): the figure with its
    source and sample size, written to the indicator through pdca's audited service."""

    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    percent = models.DecimalField(_("認知度（％）"), max_digits=5, decimal_places=1)
    sample_size = models.PositiveIntegerField(_("回答者数"))
    source = models.CharField(_("出典"), max_length=300, help_text=_("例: 熊本市市民アンケート"))
    surveyed_on = models.DateField(_("調査日"), null=True, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("市民の認知度の調査")
        verbose_name_plural = _("市民の認知度の調査")
        ordering = ["local_government", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "fiscal_year"], name="awareness_survey_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.percent}%"


class RecruitmentActivity(TenantModel):
    """A piece of the recruitment work for 保護司 and other 更生保護ボランティア: leaflets to
    retiring city staff (how many, to whom), an information session (attendees), candidates
    recommended; `measure` is the plan's measure it reports on."""

    class Kind(models.TextChoices):
        LEAFLETS = "leaflets", _("チラシの配布")
        SESSION = "session", _("説明会")
        CANDIDATES = "candidates", _("候補者の推薦")
        OTHER = "other", _("その他")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("実施日"))
    audience = models.CharField(
        _("対象"), max_length=200, blank=True, help_text=_("例: 定年退職予定の市職員")
    )
    count = models.PositiveIntegerField(
        _("件数・人数"), help_text=_("配布数、参加者数、推薦した人数など")
    )
    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("計画の取組"),
    )
    note = models.TextField(_("メモ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("作成者"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("更生保護ボランティアの募集活動")
        verbose_name_plural = _("更生保護ボランティアの募集活動")
        ordering = ["local_government", "-held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"
