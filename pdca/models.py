"""The yearly PDCA cycle (第5章 進捗管理): reporting cycles, progress reports and their
versions, indicator actuals, meetings and their follow-up items."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from plans.models import Department, Indicator, Measure, PartnerOrganization, Plan


class Evaluation(models.TextChoices):
    """The self-evaluation scale; DEFINITIONS are shown beside the choice."""

    A = "A", _("A 順調")
    B = "B", _("B おおむね順調")
    C = "C", _("C 遅れ")
    D = "D", _("D 未着手")


EVALUATION_DEFINITIONS = {
    Evaluation.A: _("計画どおり、または計画以上に実施できた。"),
    Evaluation.B: _("一部に遅れや課題があるが、おおむね計画どおり実施できた。"),
    Evaluation.C: _("計画より遅れている、または実施が不十分だった。"),
    Evaluation.D: _("当該年度は実施に着手していない。"),
}


class ReportingCycle(TenantModel):
    """One fiscal year's round of progress reports for a plan."""

    class Status(models.TextChoices):
        OPEN = "open", _("受付中")
        CLOSED = "closed", _("締切済")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("計画")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("対象年度"))
    deadline = models.DateField(_("提出期限"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("報告サイクル")
        verbose_name_plural = _("報告サイクル")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="pdca_cycle_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.fiscal_year}"


class ProgressReport(TenantModel):
    """進捗状況報告: one per measure × responsible department × cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("作成中")
        SUBMITTED = "submitted", _("提出済（確認待ち）")
        RETURNED = "returned", _("差戻し")
        ACCEPTED = "accepted", _("承認済")

    cycle = models.ForeignKey(
        ReportingCycle,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("報告サイクル"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("取組")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("担当課"),
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    actions = models.TextField(_("実施内容"), blank=True)
    results = models.TextField(_("実績"), blank=True)
    figures = models.JSONField(_("実績の数値"), default=list, blank=True)
    evaluation = models.CharField(
        _("自己評価"), max_length=1, choices=Evaluation.choices, blank=True
    )
    issues = models.TextField(_("課題"), blank=True)
    next_steps = models.TextField(_("今後の方向性"), blank=True)
    version = models.PositiveSmallIntegerField(_("提出回数"), default=0)
    last_comment = models.TextField(_("差戻しコメント"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("承認日時"), null=True, blank=True)

    CONTENT_FIELDS = ("actions", "results", "figures", "evaluation", "issues", "next_steps")

    class Meta:
        verbose_name = _("進捗状況報告")
        verbose_name_plural = _("進捗状況報告")
        ordering = [
            "cycle",
            "measure__area__pillar__number",
            "measure__area__number",
            "measure__number",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "measure", "department"], name="pdca_report_unique"
            )
        ]
        indexes = [models.Index(fields=["cycle", "department", "status"])]

    def __str__(self) -> str:
        return f"{self.cycle.fiscal_year} {self.measure} {self.department}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ProgressReportVersion(models.Model):
    """What was submitted each time, and what the secretariat decided about it."""

    class Decision(models.TextChoices):
        PENDING = "", _("確認待ち")
        RETURNED = "returned", _("差戻し")
        ACCEPTED = "accepted", _("承認")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版"))
    actions = models.TextField(_("実施内容"), blank=True)
    results = models.TextField(_("実績"), blank=True)
    figures = models.JSONField(_("実績の数値"), default=list, blank=True)
    evaluation = models.CharField(_("自己評価"), max_length=1, blank=True)
    issues = models.TextField(_("課題"), blank=True)
    next_steps = models.TextField(_("今後の方向性"), blank=True)
    submitted_at = models.DateTimeField(_("提出日時"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(
        _("判定"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    comment = models.TextField(_("コメント"), blank=True)
    reviewed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("報告の版")
        verbose_name_plural = _("報告の版")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="pdca_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReminderLog(TenantModel):
    """One reminder e-mail sent to a department for a cycle on a day (keeps cron runs
    idempotent)."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("送信日"))
    recipients = models.TextField(_("宛先"), blank=True)
    pending_count = models.PositiveIntegerField(_("未提出件数"))

    class Meta:
        verbose_name = _("督促の記録")
        verbose_name_plural = _("督促の記録")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "department", "sent_on"], name="pdca_reminder_once_a_day"
            )
        ]


class IndicatorValue(TenantModel):
    """An actual value of an indicator for one period (year or fiscal year)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("指標")
    )
    period = models.PositiveSmallIntegerField(_("年（度）"))
    value = models.DecimalField(_("実績値"), max_digits=14, decimal_places=3)
    source = models.CharField(_("出典"), max_length=200, blank=True)
    note = models.CharField(_("備考"), max_length=300, blank=True)
    is_published = models.BooleanField(
        _("公表"), default=False, help_text=_("事務局が確認した値だけが公開ページに出ます。")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("指標の実績値")
        verbose_name_plural = _("指標の実績値")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="pdca_indicator_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class Meeting(TenantModel):
    """再犯防止推進関係課長会議 (internal) or 熊本市再犯防止推進連絡会 (with partner bodies)."""

    class Kind(models.TextChoices):
        SECTION_CHIEFS = "section_chiefs", _("再犯防止推進関係課長会議")
        COUNCIL = "council", _("再犯防止推進連絡会")
        OTHER = "other", _("その他の会議")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("会議の種類"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("会議名"), max_length=200)
    held_on = models.DateField(_("開催日"))
    place = models.CharField(_("場所"), max_length=200, blank=True)
    attending_departments = models.ManyToManyField(
        Department, blank=True, related_name="meetings", verbose_name=_("出席した課")
    )
    attending_organizations = models.ManyToManyField(
        PartnerOrganization,
        blank=True,
        related_name="meetings",
        verbose_name=_("出席した機関・団体"),
    )
    agenda = models.TextField(_("議題"), blank=True)
    minutes = models.TextField(_("議事録"), blank=True)
    decisions = models.TextField(_("決定事項"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("会議")
        verbose_name_plural = _("会議")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class FollowUpItem(TenantModel):
    """A task a meeting decided, linked to a measure where it concerns one."""

    class Status(models.TextChoices):
        OPEN = "open", _("未着手")
        IN_PROGRESS = "in_progress", _("対応中")
        DONE = "done", _("完了")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("関連する取組"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("担当課"),
    )
    description = models.TextField(_("内容"))
    due_on = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.OPEN)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("フォローアップ事項")
        verbose_name_plural = _("フォローアップ事項")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.description[:40]
