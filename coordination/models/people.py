"""The person (支援対象者) and their case, with the field groups of a person's record."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.fields import EncryptedDateField
from core.fields import EncryptedIntegerField, EncryptedTextField
from core.models import TenantModel
from core.text import fold
from employment.models import LegalStatus, Offence

__all__ = ["LegalStatus", "Offence"]  # re-exported: the same lists as the employment app


class FieldGroup(models.TextChoices):
    """The groups a consent shares and a referral sends. Stored as bit masks in this order
    (core.fields.choice_masks): new groups go at the end."""

    BASIC = "basic", _("基本")
    CONTACT = "contact", _("連絡先")
    LEGAL = "legal", _("法的地位・犯歴")
    HEALTH = "health", _("健康・障がい")
    PLAN = "plan", _("支援計画")


class Characteristic(models.TextChoices):
    """A person's characteristics (特性). Stored as a bit mask in this order."""

    ELDERLY = "elderly", _("高齢")
    DISABILITY = "disability", _("障がい")
    ADDICTION = "addiction", _("依存症")
    YOUNG = "young", _("若年")
    FOREIGN = "foreign", _("外国籍")
    OTHER = "other", _("その他")


def match_key(name_kana: str, birth_date) -> str:
    """The keyed hash of the folded kana (width and kana folded, no spaces) and the birth date:
    equal for the same person typed differently, meaningless without the key
    (settings.TSUNAGU_MATCH_KEY, else SECRET_KEY), so a copy of the table does not let anyone
    test a guessed name and date."""
    key = getattr(settings, "TSUNAGU_MATCH_KEY", "") or settings.SECRET_KEY
    message = f"{fold(name_kana)}|{birth_date.isoformat() if birth_date else ''}"
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


class Person(TenantModel):
    """A 支援対象者: registered only with their consent; every personal field encrypted."""

    case_number = models.CharField(_("ケース番号"), max_length=20, editable=False)
    name = EncryptedTextField(_("氏名"), max_length=100)
    name_kana = EncryptedTextField(_("ふりがな"), max_length=100)
    match_key = models.CharField(
        _("重複確認用の鍵"),
        max_length=64,
        editable=False,
        db_index=True,
        help_text=_("ふりがなと生年月日の鍵付きハッシュ（元の値は復元できません）"),
    )
    birth_date = EncryptedDateField(_("生年月日"))
    contact = EncryptedTextField(_("連絡先"), max_length=500, blank=True)
    ward = models.CharField(_("区"), max_length=50, blank=True)
    legal_status = EncryptedTextField(
        _("法的地位"), max_length=20, choices=LegalStatus.choices, blank=True
    )
    legal_status_since = EncryptedDateField(_("法的地位の開始日"), null=True, blank=True)
    legal_status_until = EncryptedDateField(_("法的地位の終了日"), null=True, blank=True)
    characteristics = EncryptedIntegerField(_("特性（ビット集合）"), default=0, min_value=0)
    offences = EncryptedIntegerField(_("犯歴の種類（ビット集合）"), default=0, min_value=0)
    offence_details = EncryptedTextField(_("犯歴の詳細"), max_length=2000, blank=True)
    health_notes = EncryptedTextField(_("健康・障がいのメモ"), max_length=2000, blank=True)
    # Set when the retention rule (coordination.retention) erased the personal fields of a
    # closed case's person: the row stays, anonymous, so the aggregates still add up.
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("登録者"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    is_fictional = models.BooleanField(_("架空データ"), default=False)

    class Meta:
        verbose_name = _("支援対象者")
        verbose_name_plural = _("支援対象者")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "case_number"], name="person_unique_case_number"
            )
        ]

    def __str__(self) -> str:
        return self.case_number  # never the name: str() goes into audit labels

    def save(self, *args, **kwargs):
        self.match_key = match_key(self.name_kana, self.birth_date)
        super().save(*args, **kwargs)


# Which fields each group holds (the plan group's records come with the support plan).
GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    FieldGroup.BASIC: ("case_number", "name", "name_kana", "birth_date", "ward"),
    FieldGroup.CONTACT: ("contact",),
    FieldGroup.LEGAL: (
        "legal_status",
        "legal_status_since",
        "legal_status_until",
        "offences",
        "offence_details",
    ),
    FieldGroup.HEALTH: ("characteristics", "health_notes"),
    FieldGroup.PLAN: (),
}


class Case(TenantModel):
    """A person's support, led by the organization that opened it."""

    class Status(models.TextChoices):
        OPEN = "open", _("支援中")
        CLOSED = "closed", _("終結")

    class CloseReason(models.TextChoices):
        GOAL_REACHED = "goal_reached", _("目標を達成した")
        MOVED = "moved", _("転居した")
        DECLINED = "declined", _("本人が支援を望まなくなった")
        TRANSFERRED = "transferred", _("他の機関に引き継いだ")
        LOST_CONTACT = "lost_contact", _("連絡が取れなくなった")
        DIED = "died", _("死亡")
        OTHER = "other", _("その他")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("支援対象者")
    )
    lead_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("主担当の組織")
    )
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    close_reason = models.CharField(
        _("終結の理由"), max_length=20, choices=CloseReason.choices, blank=True
    )
    opened_on = models.DateField(_("開始日"))
    closed_on = models.DateField(_("終結日"), null=True, blank=True)
    job_seeker = models.OneToOneField(
        "employment.JobSeeker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_case",
        verbose_name=_("求職者プロフィール"),
        help_text=_(
            "本人の同意を得て就労支援の求職者プロフィールとつなぐと、マッチングと就職がケースに表示されます"
        ),
    )

    class Meta:
        verbose_name = _("ケース")
        verbose_name_plural = _("ケース")

    def __str__(self) -> str:
        return f"{self.person.case_number} #{self.pk}"
