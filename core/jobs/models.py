"""The Job: what the browser polls, the secretariat's failed-jobs page lists and the engines
run by id. Its params name records, never a person's data (an e-mail address included)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Results may hold personal data (an export): outside the web root, served only by
    core.jobs.views.download after the access check."""
    return storages["private"]


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("待機中")
        RUNNING = "running", _("実行中")
        SUCCEEDED = "succeeded", _("完了")
        FAILED = "failed", _("失敗")

    local_government = models.ForeignKey(
        "core.LocalGovernment",  # by name: core.models imports this module
        on_delete=models.CASCADE,
        verbose_name=_("地方公共団体"),
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("種類"), max_length=80)
    params = models.JSONField(_("条件"), default=dict, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("進捗（％）"), default=0)
    message = models.CharField(_("進捗の説明"), max_length=200, blank=True)
    result_file = models.FileField(
        _("結果のファイル"), storage=private_storage, blank=True, max_length=300
    )
    result_name = models.CharField(_("結果のファイル名"), max_length=200, blank=True)
    result_url = models.CharField(_("結果のページ"), max_length=300, blank=True)
    error = models.TextField(_("エラーの概要"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("試行回数の上限"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("依頼した人"),
        related_name="+",
    )
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最終応答日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    run_after = models.DateTimeField(_("次の試行日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("バックグラウンド処理")
        verbose_name_plural = _("バックグラウンド処理")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["local_government", "status"], name="job_lg_status"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
