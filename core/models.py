from typing import Any

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LocalGovernment(models.Model):
    """A 地方公共団体: every domain record belongs to exactly one."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("都道府県")
        DESIGNATED_CITY = "designated_city", _("指定都市")
        CORE_CITY = "core_city", _("中核市")
        CITY = "city", _("市")
        SPECIAL_WARD = "special_ward", _("特別区")
        TOWN = "town", _("町")
        VILLAGE = "village", _("村")

    code = models.CharField(
        _("全国地方公共団体コード"),
        max_length=6,
        unique=True,
        help_text=_("6桁（検査数字を含む）。例: 熊本市 431001"),
    )
    slug = models.SlugField(_("URL名"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    is_synthetic = models.BooleanField(
        _("架空データ"), default=False, help_text=_("性能測定用の架空の団体")
    )
    wards = models.JSONField(
        _("行政区"),
        default=list,
        blank=True,
        help_text=_(
            "区の名称の一覧（指定都市のみ）。例: 中央区、東区。窓口の区での絞り込みに使います。"
        ),
    )
    content_revision = models.PositiveIntegerField(
        _("公開内容の版"),
        default=0,
        editable=False,
        help_text=_("公開ページの内容が変わるたびに増えます（ページキャッシュの鍵）"),
    )

    class Meta:
        verbose_name = _("地方公共団体")
        verbose_name_plural = _("地方公共団体")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def bump_content_revision(self) -> None:
        """Mark the public pages of this local government as changed (their cache expires)."""
        LocalGovernment.objects.filter(pk=self.pk).update(
            content_revision=models.F("content_revision") + 1
        )


class TenantModel(models.Model):
    """A record owned by one local government."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, verbose_name=_("地方公共団体"), related_name="+"
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One write (or a read of a sensitive record): who, what, when, before → after.

    Append-only: each entry carries the hash of the previous entry of its local government
    (`prev_hash`) and its own (`hash`, over its content and `prev_hash`), so an edited or a
    removed entry breaks the chain (`manage.py verify_audit`). On PostgreSQL a trigger refuses
    UPDATE and DELETE. The foreign keys neither cascade nor set null (either would rewrite or
    remove entries): they keep the ids as recorded, without a database constraint, so a user or a
    body can still be deleted and its entries stay as they were (ADR 0009)."""

    # A read of 要配慮個人情報 (core.audit.sensitive_read); the job-seeker pages wrote
    # "employment.seeker.read" before issue 14, and those entries count as reads too.
    SENSITIVE_READ = "read.sensitive"
    SENSITIVE_READ_ACTIONS = (SENSITIVE_READ, "employment.seeker.read")
    # The kinds of 要配慮個人情報 a sensitive read names (its `kind`), as the screen shows them.
    SENSITIVE_KINDS = {"criminal_history": _("犯罪の経歴・法的地位")}

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        verbose_name=_("地方公共団体"),
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        verbose_name=_("操作者"),
        related_name="audit_entries",
    )
    actor_label = models.CharField(_("操作者名"), max_length=200)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("対象の種類"), max_length=80)
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    object_label = models.CharField(_("対象"), max_length=300, blank=True)
    changes = models.JSONField(_("変更内容"), default=dict, blank=True)
    # Set by core.audit.record before the hash is computed (auto_now_add would set it after).
    created_at = models.DateTimeField(
        _("日時"), default=timezone.now, editable=False, db_index=True
    )
    prev_hash = models.CharField(_("前の記録のハッシュ"), max_length=64, editable=False)
    hash = models.CharField(_("ハッシュ"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["local_government", "-created_at"], name="audit_lg_created")
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )

    @property
    def is_sensitive_read(self) -> bool:
        return self.action in self.SENSITIVE_READ_ACTIONS

    @property
    def sensitive_kind_label(self) -> str:
        kind = (self.changes or {}).get("kind") or ""
        return str(self.SENSITIVE_KINDS.get(kind, kind))

    def change_rows(self) -> list[tuple[str, Any, Any, bool]]:
        """Return (field, before, after, is_change) rows; summary values have no before."""
        rows = []
        for key, value in (self.changes or {}).items():
            if isinstance(value, dict) and set(value) == {"before", "after"}:
                rows.append((key, value["before"], value["after"], True))
            else:
                rows.append((key, None, value, False))
        return rows


class AuditChainHead(models.Model):
    """The head of one local government's audit chain (`chain` = its id; 0 for the entries of
    no local government): the last entry and its hash. core.audit.record locks this row
    (SELECT … FOR UPDATE) before it appends, so two writers never chain onto the same entry;
    verify_audit also checks that the last entry is still the head (a removed tail)."""

    chain = models.BigIntegerField(_("連鎖"), primary_key=True)
    last_entry_id = models.BigIntegerField(_("最後の記録"), null=True)
    last_hash = models.CharField(_("最後のハッシュ"), max_length=64)

    class Meta:
        verbose_name = _("監査ログの連鎖の先頭")
        verbose_name_plural = _("監査ログの連鎖の先頭")

    def __str__(self) -> str:
        return f"{self.chain}: {self.last_entry_id}"


from core.jobs.models import Job  # noqa: E402, F401  (the jobs part's model, core's table)
