"""Consents and the other legal bases for sharing a case, with the organizations they cover."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.models.people import Case


def private_storage():
    """Files that must never be served from the web root (STORAGES["private"])."""
    return storages["private"]


def signed_form_path(consent, filename: str) -> str:
    """A random name: the original name (which may hold the person's name) is kept in the
    row, not on disk."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"coordination/consents/{uuid.uuid4().hex}.{suffix}"


class Consent(models.Model):
    """A basis for sharing a case: the person's consent (本人同意), a 支援会議 (社会福祉法
    第106条の6) or a provision to a public body (個人情報保護法 第69条第2項第3号). It covers the
    organizations of its scopes, each for some field groups, from `valid_from` to
    `valid_until`, until withdrawn."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("本人同意")
        SUPPORT_MEETING = "support_meeting", _("支援会議（社会福祉法第106条の6）")
        PUBLIC_BODY = "public_body", _("他の行政機関への提供（個人情報保護法第69条第2項第3号）")

    class Form(models.TextChoices):
        WRITTEN = "written", _("書面")
        ORAL = "oral", _("口頭")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("ケース")
    )
    purpose = models.CharField(_("利用目的"), max_length=500)
    basis = models.CharField(
        _("法的根拠"), max_length=20, choices=Basis.choices, default=Basis.CONSENT
    )
    basis_note = models.TextField(
        _("根拠の記録"),
        blank=True,
        help_text=_("支援会議の開催日と構成員、または提供の相当の理由"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承認した事務局の職員"),
    )
    given_on = models.DateField(_("同意日"))
    form = models.CharField(_("同意の方法"), max_length=10, choices=Form.choices)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("同意を受けた職員"),
    )
    valid_from = models.DateField(_("有効期間の開始日"))
    valid_until = models.DateField(_("有効期間の終了日"))
    withdrawn_at = models.DateTimeField(_("撤回日時"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回を記録した職員"),
    )
    withdrawal_note = models.TextField(_("撤回のメモ"), blank=True)
    # The signed form (PDF or image), stored outside the web root (STORAGES["private"]) and
    # served only through a view that checks access; the original name and type are kept.
    signed_form = models.FileField(
        _("署名された同意書"),
        upload_to=signed_form_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    signed_form_name = models.CharField(_("同意書のファイル名"), max_length=200, blank=True)
    signed_form_type = models.CharField(_("同意書の形式"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("同意（共有の根拠）")
        verbose_name_plural = _("同意（共有の根拠）")

    def __str__(self) -> str:
        return f"{self.case} {self.get_basis_display()} {self.valid_from}"

    def is_in_force(self, now=None) -> bool:
        """Whether it covers now: not withdrawn (at or before `now`), inside its window, and for
        a provision to a public body, approved by the secretariat.
        coordination.access.consent_in_force_q is the same rule for the database."""
        now = now or timezone.now()
        if self.withdrawn_at is not None and self.withdrawn_at <= now:
            return False
        if self.basis == self.Basis.PUBLIC_BODY and self.approved_by_id is None:
            return False  # a provision under 第69条 covers only once the secretariat approved it
        today = timezone.localdate(now)
        return self.valid_from <= today <= self.valid_until


class ConsentScope(models.Model):
    """One organization a consent covers, and the field groups it may see (a bit mask)."""

    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="scopes", verbose_name=_("同意")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("組織")
    )
    groups = models.PositiveSmallIntegerField(_("項目群（ビット集合）"))

    class Meta:
        verbose_name = _("同意の範囲")
        verbose_name_plural = _("同意の範囲")
        constraints = [
            models.UniqueConstraint(
                fields=["consent", "organization"], name="consent_scope_unique_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consent_id}: {self.organization}"


class ConsentOverride(models.Model):
    """An emergency access without consent (生命・身体の保護): asked by a permitted role after
    re-authentication with a written reason, in force only once a second person of the lead
    organization approves it, for a set time, then reviewed. Both steps are audited."""

    class Status(models.TextChoices):
        PENDING = "pending", _("承認待ち")
        ACTIVE = "active", _("承認済み")
        REFUSED = "refused", _("不承認")
        REVIEWED = "reviewed", _("事後確認済み")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("ケース")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("閲覧する組織")
    )
    groups = models.PositiveSmallIntegerField(_("項目群（ビット集合）"))
    reason = models.TextField(_("理由"))
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申請者"),
    )
    requested_at = models.DateTimeField(_("申請日時"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承認者"),
    )
    approved_at = models.DateTimeField(_("承認日時"), null=True, blank=True)
    expires_at = models.DateTimeField(_("期限"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事後確認者"),
    )
    reviewed_at = models.DateTimeField(_("事後確認日時"), null=True, blank=True)
    review_note = models.TextField(_("事後確認のメモ"), blank=True)

    class Meta:
        verbose_name = _("緊急時の閲覧（同意の例外）")
        verbose_name_plural = _("緊急時の閲覧（同意の例外）")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} override {self.pk}"

    def is_in_force(self, now=None) -> bool:
        """Approved and not past its time (a review does not end it early)."""
        now = now or timezone.now()
        return (
            self.approved_at is not None
            and self.status in (self.Status.ACTIVE, self.Status.REVIEWED)
            and self.expires_at is not None
            and now < self.expires_at
        )
