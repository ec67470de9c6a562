"""Job-seeker profiles (anonymous)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedIntegerField, EncryptedTextField
from core.models import TenantModel
from employment.models.choices import LegalStatus


class JobSeeker(TenantModel):
    """A job-seeker profile entered by a supporter. Anonymous (a code, no name) until a case
    record of the support-coordination issue links it."""

    code = models.CharField(_("求職者番号"), max_length=20)
    supporter_organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="job_seekers",
        verbose_name=_("支援する組織"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("登録者"),
    )
    desired_industries = models.PositiveIntegerField(_("希望する業種（ビット集合）"), default=0)
    desired_jobs = models.CharField(_("希望する仕事"), max_length=200, blank=True)
    desired_wards = models.CharField(
        _("希望する地域（区）"), max_length=100, blank=True, help_text=_("空欄はどこでも")
    )
    employment_types = models.PositiveIntegerField(_("希望する雇用形態（ビット集合）"), default=0)
    needs_housing = models.BooleanField(_("住まい（寮・社宅）が必要"), default=False)
    licences = models.CharField(_("持っている資格・免許"), max_length=300, blank=True)
    # 要配慮個人情報: encrypted at rest (core/fields.py, docs/adr/0010-field-encryption.md), so
    # never filtered on in SQL; matching reads them and compares in Python.
    # Blank only once erased by retention (anonymised_at); the form requires a choice.
    legal_status = EncryptedTextField(
        _("法的な状況"), max_length=20, choices=LegalStatus.choices, blank=True
    )
    offences = EncryptedIntegerField(_("前歴の種類（ビット集合）"), default=0, min_value=0)
    is_active = models.BooleanField(_("求職中"), default=True)
    is_fictional = models.BooleanField(_("架空データ"), default=False)
    anonymised_at = models.DateTimeField(
        _("保存期間の経過により消去した日時"),
        null=True,
        blank=True,
        help_text=_("前歴・法的な状況・自由記述を消去した日時（manage.py apply_retention）"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("求職者")
        verbose_name_plural = _("求職者")
        ordering = ["local_government", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "code"], name="job_seeker_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.code
