"""Support coordination's records: the person (支援対象者), their case, the consents with their
legal basis, and the referrals (つなぎ) with their history. docs/support-coordination.md.

Every personal field of a person is encrypted at rest (core.fields): being in this table at all
says that the person has a criminal record, so the name, the birth date and the contact are
protected like the legal status, the offences and the health notes. The database cannot compare
them; the duplicate search uses `match_key`, a keyed hash (HMAC) of the folded kana and the
birth date, which says nothing to someone without the key."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.fields import EncryptedDateField
from core.fields import EncryptedIntegerField, EncryptedTextField
from core.models import TenantModel
from core.text import fold
from employment.models import LegalStatus, Offence

__all__ = ["LegalStatus", "Offence"]


class FieldGroup(models.TextChoices):
    """The groups a consent shares and a referral sends. Stored as bit masks in this order
    (employment.choice_masks): new groups go at the end."""

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

    class Meta:
        verbose_name = _("ケース")
        verbose_name_plural = _("ケース")

    def __str__(self) -> str:
        return f"{self.person.case_number} #{self.pk}"


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
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("同意（共有の根拠）")
        verbose_name_plural = _("同意（共有の根拠）")

    def __str__(self) -> str:
        return f"{self.case} {self.get_basis_display()} {self.valid_from}"

    def is_in_force(self, now=None) -> bool:
        """Whether it covers now: not withdrawn (at or before `now`), inside its window."""
        now = now or timezone.now()
        if self.withdrawn_at is not None and self.withdrawn_at <= now:
            return False
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


class ReferralStatus(models.TextChoices):
    """The HL7 FHIR Task status codes (SDOH Clinical Care referral)."""

    DRAFT = "draft", _("下書き")
    REQUESTED = "requested", _("依頼中")
    ACCEPTED = "accepted", _("受け入れ")
    REJECTED = "rejected", _("お断り")
    IN_PROGRESS = "in-progress", _("支援中")
    ON_HOLD = "on-hold", _("保留")
    COMPLETED = "completed", _("完了")
    FAILED = "failed", _("支援に至らず")
    CANCELLED = "cancelled", _("取り消し")
    ENTERED_IN_ERROR = "entered-in-error", _("誤登録")


class ReferralReason(models.TextChoices):
    """Why a referral was rejected or failed (a body's own reasons come later)."""

    NO_CAPACITY = "no_capacity", _("受け入れ枠がない")
    NOT_ELIGIBLE = "not_eligible", _("対象外")
    COULD_NOT_CONTACT = "could_not_contact", _("本人と連絡が取れない")
    PERSON_DECLINED = "person_declined", _("本人が希望しなかった")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("同意が撤回された")
    OTHER = "other", _("その他")


class Referral(TenantModel):
    """A referral (つなぎ) of a case from one organization to another (optionally one of its
    directory services), with the field groups sent and a status both sides update."""

    class Outcome(models.TextChoices):
        SUCCESSFUL = "successful", _("支援につながった")
        UNSUCCESSFUL = "unsuccessful", _("支援につながらなかった")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("ケース")
    )
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("紹介元")
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("紹介先")
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("紹介先のサービス"),
    )
    groups = models.PositiveSmallIntegerField(_("送る項目群（ビット集合）"))
    purpose = models.CharField(_("紹介の目的"), max_length=500, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    reason = models.CharField(_("理由"), max_length=30, choices=ReferralReason.choices, blank=True)
    outcome = models.CharField(_("結果"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("メモ"), blank=True)
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
        verbose_name = _("紹介（つなぎ）")
        verbose_name_plural = _("紹介（つなぎ）")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organization}"


class ReferralEvent(models.Model):
    """One change of a referral's status: the referral's history."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="events", verbose_name=_("紹介")
    )
    from_status = models.CharField(
        _("変更前"), max_length=20, choices=ReferralStatus.choices, blank=True
    )
    to_status = models.CharField(_("変更後"), max_length=20, choices=ReferralStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("変更した人"),
    )
    note = models.TextField(_("メモ"), blank=True)
    at = models.DateTimeField(_("日時"), default=timezone.now)

    class Meta:
        verbose_name = _("紹介の履歴")
        verbose_name_plural = _("紹介の履歴")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"
