"""Cooperating employers (協力雇用主)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from employment.models.choices import Industry


class Employer(TenantModel):
    """A cooperating employer (協力雇用主 / 社会復帰応援企業)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申請中")
        APPROVED = "approved", _("承認済み")
        REJECTED = "rejected", _("不承認")
        WITHDRAWN = "withdrawn", _("登録終了")

    class Size(models.TextChoices):
        XS = "1-9", _("1〜9人")
        S = "10-49", _("10〜49人")
        M = "50-299", _("50〜299人")
        L = "300+", _("300人以上")

    organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer",
        verbose_name=_("所属組織（アカウント）"),
        help_text=_("承認されると作られ、企業の利用者がこの組織に所属します"),
    )
    name = models.CharField(_("事業所名"), max_length=200)
    name_kana = models.CharField(_("事業所名（ふりがな）"), max_length=200, blank=True)
    industry = models.CharField(_("業種"), max_length=30, choices=Industry.choices)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("所在地"), max_length=300, blank=True)
    ward = models.CharField(_("区"), max_length=20, blank=True, help_text=_("例: 中央区"))
    size = models.CharField(_("従業員規模"), max_length=10, choices=Size.choices, blank=True)
    employees = models.PositiveIntegerField(_("従業員数"), null=True, blank=True)
    registered_with_probation_office = models.BooleanField(
        _("保護観察所への協力雇用主登録"), default=False
    )
    registered_on = models.DateField(_("協力雇用主の登録日"), null=True, blank=True)
    contact_name = models.CharField(_("担当者名"), max_length=100, blank=True)
    contact_phone = models.CharField(_("担当者電話番号"), max_length=30, blank=True)
    contact_email = models.EmailField(_("担当者メールアドレス"), blank=True)
    hires_before_registration = models.PositiveIntegerField(
        _("システム登録前の雇用実績（人）"), default=0
    )
    is_public = models.BooleanField(
        _("企業名と求人を一般に公開する"),
        default=False,
        help_text=_(
            "公開しない場合、企業名と求人は支援者（保護司・関係機関）と支援対象者にだけ見えます"
        ),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    applied_at = models.DateTimeField(_("申請日時"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("審査日時"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("審査者"),
    )
    review_note = models.TextField(_("審査の理由・メモ"), blank=True)
    is_fictional = models.BooleanField(_("架空データ"), default=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("協力雇用主")
        verbose_name_plural = _("協力雇用主")
        ordering = ["local_government", "name_kana", "name", "id"]
        indexes = [
            models.Index(fields=["local_government", "status", "industry"]),
        ]

    def __str__(self) -> str:
        return self.name
