"""Job postings."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields.choice_masks import labels
from core.models import TenantModel
from employment.models.choices import EmploymentType, Industry, Offence
from employment.models.employers import Employer


class JobPosting(TenantModel):
    """A job posting: the items of a Hello Work 求人票 plus what matters on reentry."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開中")
        CLOSED = "closed", _("終了")

    class WageForm(models.TextChoices):
        MONTHLY = "monthly", _("月給")
        DAILY = "daily", _("日給")
        HOURLY = "hourly", _("時給")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="postings")
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("職種"), max_length=100)
    industry = models.CharField(
        _("業種"), max_length=30, choices=Industry.choices, help_text=_("ふつうは企業の業種")
    )
    description = models.TextField(_("仕事内容"))
    workplace = models.CharField(_("就業場所"), max_length=300)
    ward = models.CharField(_("就業場所の区"), max_length=20, blank=True)
    employment_type = models.CharField(_("雇用形態"), max_length=20, choices=EmploymentType.choices)
    wage_form = models.CharField(_("賃金形態"), max_length=10, choices=WageForm.choices)
    wage_min = models.PositiveIntegerField(_("賃金（下限・円）"))
    wage_max = models.PositiveIntegerField(_("賃金（上限・円）"), null=True, blank=True)
    working_hours = models.CharField(_("就業時間"), max_length=200)
    holidays = models.CharField(_("休日"), max_length=200, blank=True)
    social_insurance = models.CharField(
        _("加入保険"), max_length=200, blank=True, help_text=_("例: 雇用・労災・健康・厚生年金")
    )
    qualifications = models.CharField(_("必要な資格"), max_length=200, blank=True)
    experience = models.CharField(_("必要な経験"), max_length=200, blank=True)
    trial_period = models.CharField(_("試用期間"), max_length=100, blank=True)
    openings = models.PositiveSmallIntegerField(_("募集人数"), default=1)
    dormitory = models.BooleanField(_("寮あり"), default=False)
    company_housing = models.BooleanField(_("社宅あり"), default=False)
    meals = models.BooleanField(_("食事の提供あり"), default=False)
    probation_welcome = models.BooleanField(_("保護観察中の方を受け入れる"), default=True)
    juveniles_welcome = models.BooleanField(_("少年を受け入れる"), default=False)
    excluded_offences = models.PositiveIntegerField(
        _("受け入れない前歴（ビット集合）"),
        default=0,
        help_text=_("core.fields.choice_masks で Offence の一覧と相互変換"),
    )
    message = models.TextField(_("企業からのメッセージ"), blank=True)
    apply_via_volunteer = models.BooleanField(_("保護司を通じて応募"), default=True)
    apply_via_probation_office = models.BooleanField(_("保護観察所を通じて応募"), default=True)
    apply_via_hello_work = models.BooleanField(_("ハローワークを通じて応募"), default=False)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    ends_on = models.DateField(_("掲載終了日"), null=True, blank=True)
    is_fictional = models.BooleanField(_("架空データ"), default=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("求人")
        verbose_name_plural = _("求人")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["local_government", "status", "industry"]),
            models.Index(fields=["local_government", "status", "-published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.title}"

    @property
    def housing_provided(self) -> bool:
        return self.dormitory or self.company_housing

    def is_expired(self, today: datetime.date | None = None) -> bool:
        """Published, but its end date has passed: shown as closed everywhere."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.ends_on is not None
            and self.ends_on < today
        )

    def shown_status(self, today: datetime.date | None = None) -> str:
        """The status as every page shows it (an expired posting is closed)."""
        return self.Status.CLOSED if self.is_expired(today) else self.status

    def get_shown_status_display(self) -> str:
        return str(self.Status(self.shown_status()).label)

    @property
    def is_open(self) -> bool:
        """Published and not past its end date."""
        return self.shown_status() == self.Status.PUBLISHED

    @property
    def wage_label(self) -> str:
        """月給 200,000円〜250,000円 / 時給 1,000円以上"""
        low = _("%(yen)s円") % {"yen": f"{self.wage_min:,}"}
        if not self.wage_max:
            amount = _("%(low)s以上") % {"low": low}
        elif self.wage_max == self.wage_min:
            amount = low
        else:
            amount = f"{low}〜" + _("%(yen)s円") % {"yen": f"{self.wage_max:,}"}
        return f"{self.get_wage_form_display()} {amount}"

    @property
    def excluded_offence_labels(self) -> list[str]:
        return labels(Offence, self.excluded_offences)

    @property
    def apply_routes(self) -> list[str]:
        """Who to go through to apply, in the order the posting form lists them."""
        routes = [
            (self.apply_via_volunteer, _("保護司")),
            (self.apply_via_probation_office, _("保護観察所")),
            (self.apply_via_hello_work, _("ハローワーク")),
        ]
        return [str(label) for flagged, label in routes if flagged]
