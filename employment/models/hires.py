"""Hires and their retention checks (定着)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from employment.models.employers import Employer
from employment.models.events import Event, TrainingCourse
from employment.models.magazine import MagazineIssue
from employment.models.postings import JobPosting
from employment.models.seekers import JobSeeker


class Hire(TenantModel):
    """A seeker hired by an employer; retention is checked at 1, 3, 6 and 12 months."""

    seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="hires")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="hires")
    posting = models.ForeignKey(
        JobPosting, on_delete=models.SET_NULL, null=True, blank=True, related_name="hires"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="hires"
    )
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.SET_NULL, null=True, blank=True, related_name="hires"
    )
    magazine_issue = models.ForeignKey(
        MagazineIssue, on_delete=models.SET_NULL, null=True, blank=True, related_name="hires"
    )
    started_on = models.DateField(_("就職日"))
    left_on = models.DateField(_("離職日"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("就職")
        verbose_name_plural = _("就職")
        ordering = ["local_government", "-started_on", "-id"]


class RetentionCheck(TenantModel):
    class Months(models.IntegerChoices):
        ONE = 1, _("1か月")
        THREE = 3, _("3か月")
        SIX = 6, _("6か月")
        TWELVE = 12, _("12か月")

    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="retention_checks")
    months = models.PositiveSmallIntegerField(_("就職からの期間"), choices=Months.choices)
    still_employed = models.BooleanField(_("就労を継続している"))
    checked_on = models.DateField(_("確認日"))
    note = models.CharField(_("メモ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("定着の確認")
        verbose_name_plural = _("定着の確認")
        ordering = ["hire", "months"]
        constraints = [
            models.UniqueConstraint(fields=["hire", "months"], name="retention_check_unique")
        ]
