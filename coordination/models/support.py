"""A case's support over time: needs over the six pillars, the support plan, case
conferences, outcomes and transfers of the lead. All of it belongs to the 支援計画 field group
(FieldGroup.PLAN); free text that may hold health or family details is encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.models.people import Case
from core.fields import EncryptedTextField
from core.models import TenantModel


class NeedArea(models.TextChoices):
    """The six areas of need, one per pillar (推進施策) of the plan: `PILLAR_NUMBERS` gives the
    pillar's number in Kumamoto's plan (第1節 … 第6節)."""

    HOUSING = "housing", _("住居")
    WORK = "work", _("就労")
    HEALTH_WELFARE = "health_welfare", _("保健医療・福祉")
    SCHOOLING = "schooling", _("修学")
    CHARACTERISTICS = "characteristics", _("特性に応じた支援")
    CONSULTATION = "consultation", _("相談・連携")


PILLAR_NUMBERS = {
    NeedArea.CONSULTATION: 1,
    NeedArea.HOUSING: 2,
    NeedArea.WORK: 3,
    NeedArea.HEALTH_WELFARE: 4,
    NeedArea.SCHOOLING: 5,
    NeedArea.CHARACTERISTICS: 6,
}


class NeedLevel(models.IntegerChoices):
    NONE = 0, _("なし")
    LOW = 1, _("低い")
    MEDIUM = 2, _("中程度")
    HIGH = 3, _("高い")


class NeedAssessment(TenantModel):
    """One assessment of a case's needs on a date; a re-assessment is a new row (history)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("ケース")
    )
    assessed_on = models.DateField(_("評価日"), default=timezone.localdate)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("評価した組織")
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("評価した人"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ニーズ評価")
        verbose_name_plural = _("ニーズ評価")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on}"


class Need(models.Model):
    """One area of an assessment: the level and a note."""

    assessment = models.ForeignKey(
        NeedAssessment, on_delete=models.CASCADE, related_name="needs", verbose_name=_("評価")
    )
    area = models.CharField(_("分野"), max_length=20, choices=NeedArea.choices)
    level = models.PositiveSmallIntegerField(
        _("必要度"), choices=NeedLevel.choices, default=NeedLevel.NONE
    )
    note = EncryptedTextField(_("メモ"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("ニーズ")
        verbose_name_plural = _("ニーズ")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="need_unique_area")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.area} {self.level}"


class PlanItem(TenantModel):
    """A goal or an action of the support plan (個別支援計画). An action belongs to a goal (or
    stands alone), has an owner organization, a due date and a status; an action decided at
    a case conference points to it."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("目標")
        ACTION = "action", _("取り組み")

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        IN_PROGRESS = "in_progress", _("実施中")
        DONE = "done", _("完了")
        CANCELLED = "cancelled", _("中止")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("ケース")
    )
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    goal = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("目標"),
    )
    area = models.CharField(_("分野"), max_length=20, choices=NeedArea.choices, blank=True)
    text = EncryptedTextField(_("内容"), max_length=1000)
    owner_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当する組織"),
    )
    due_on = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=15, choices=Status.choices, default=Status.PLANNED
    )
    conference = models.ForeignKey(
        "coordination.CaseConference",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("決めたケース会議"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("作成者"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("支援計画の項目")
        verbose_name_plural = _("支援計画の項目")
        ordering = ["case", "kind", "due_on", "id"]
        indexes = [
            models.Index(fields=["owner_organization", "status", "due_on"], name="plan_item_owner")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.pk}"


class CaseConference(TenantModel):
    """A case conference (ケース会議): only organizations of the case team take part."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="conferences", verbose_name=_("ケース")
    )
    held_on = models.DateField(_("開催日"))
    organizations = models.ManyToManyField(
        Organization, related_name="+", verbose_name=_("参加した組織")
    )
    attendees = EncryptedTextField(_("参加者"), max_length=1000, blank=True)
    agenda = EncryptedTextField(_("議題"), max_length=2000, blank=True)
    notes = EncryptedTextField(_("記録"), max_length=5000, blank=True)
    decisions = EncryptedTextField(_("決定事項"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ケース会議")
        verbose_name_plural = _("ケース会議")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"


class OutcomeKind(models.TextChoices):
    HOME_SECURED = "home_secured", _("住まいの確保")
    JOB_STARTED = "job_started", _("就職")
    RETENTION_1 = "retention_1", _("就労継続1か月")
    RETENTION_3 = "retention_3", _("就労継続3か月")
    RETENTION_6 = "retention_6", _("就労継続6か月")
    RETENTION_12 = "retention_12", _("就労継続12か月")
    TREATMENT_STARTED = "treatment_started", _("治療・福祉サービスの開始")
    SCHOOL_REENTRY = "school_reentry", _("復学・進学")


class Outcome(TenantModel):
    """Something the support achieved, on a date (closure is on the Case)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("ケース")
    )
    kind = models.CharField(_("成果"), max_length=20, choices=OutcomeKind.choices)
    achieved_on = models.DateField(_("日付"))
    note = EncryptedTextField(_("メモ"), max_length=1000, blank=True)
    hire = models.ForeignKey(
        "employment.Hire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("就職の記録"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("記録者"),
    )
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("成果")
        verbose_name_plural = _("成果")
        ordering = ["-achieved_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "hire"], name="outcome_unique_per_hire")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class CaseTransfer(TenantModel):
    """The lead of a case handed from one organization to another, with the person's consent."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("ケース")
    )
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("引継ぎ元")
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("引継ぎ先")
    )
    consent = models.ForeignKey(
        "coordination.Consent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("根拠となる同意"),
    )
    note = models.TextField(_("メモ"), blank=True)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("引継ぎを記録した人"),
    )
    transferred_at = models.DateTimeField(_("引継ぎ日時"), default=timezone.now)

    class Meta:
        verbose_name = _("ケースの引継ぎ")
        verbose_name_plural = _("ケースの引継ぎ")
        ordering = ["-transferred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_organization_id} → {self.to_organization_id}"
