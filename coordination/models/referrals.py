"""Referrals (つなぎ) and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from coordination.models.people import Case
from coordination.models.support import NeedArea
from core.models import TenantModel


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


class ReferralReasonOption(TenantModel):
    """A reason a body adds to the built-in ones (ReferralReason) for rejecting or failing."""

    code = models.SlugField(_("コード"), max_length=40)
    label = models.CharField(_("理由"), max_length=100)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("紹介の理由（団体で追加）")
        verbose_name_plural = _("紹介の理由（団体で追加）")
        ordering = ["local_government", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "code"], name="referral_reason_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.label


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
    # The area of need (one per pillar of the plan) the referral answers: the aggregates count
    # referrals per pillar by it.
    area = models.CharField(_("分野"), max_length=20, choices=NeedArea.choices, blank=True)
    groups = models.PositiveSmallIntegerField(_("送る項目群（ビット集合）"))
    purpose = models.CharField(_("紹介の目的"), max_length=500, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    # A built-in ReferralReason or the code of one of the body's ReferralReasonOption rows.
    reason = models.CharField(_("理由"), max_length=40, blank=True)
    outcome = models.CharField(_("結果"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    posting = models.ForeignKey(
        "employment.JobPosting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("応募する求人"),
        help_text=_("本人が応募を選んだ協力雇用主の求人"),
    )
    # A housing referral (居住支援): the safety-net home the person would move into; its
    # provider's organization receives it (coordination.housing).
    home = models.ForeignKey(
        "housing.SafetyNetHome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("紹介する住宅"),
    )
    # 特別調整: a referral before release (保護観察所, 地域生活定着支援センター) carries the date.
    release_date = models.DateField(_("釈放予定日"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("作成者"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    # Kept with the status (coordination.referrals.services) for the dashboards and the overdue flags.
    sent_at = models.DateTimeField(_("送付日時"), null=True, blank=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["to_organization", "status"], name="referral_inbox"),
            models.Index(fields=["from_organization", "status"], name="referral_outbox"),
        ]
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
