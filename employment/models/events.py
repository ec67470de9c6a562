"""Employment events (seminars, fairs) and training courses with their people."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from employment.models.employers import Employer
from employment.models.seekers import JobSeeker


class Event(TenantModel):
    """A 企業セミナー, 企業説明会・個別面談会 or job fair."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("企業セミナー")
        INFO_SESSION = "info_session", _("企業説明会・個別面談会")
        JOB_FAIR = "job_fair", _("就職面接会")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("開催日"))
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    employers = models.ManyToManyField(
        Employer, blank=True, related_name="events", verbose_name=_("参加企業")
    )
    guest_companies = models.PositiveIntegerField(
        _("登録外の参加企業数"),
        default=0,
        help_text=_("システムに登録されていない参加企業の数（セミナーの参加企業など）"),
    )
    guest_participants = models.PositiveIntegerField(
        _("登録外の参加者数"), default=0, help_text=_("個人を登録しない参加者の数")
    )
    held_on_month_only = models.BooleanField(
        _("開催日は月のみ判明"),
        default=False,
        help_text=_("過去の記録で日が分からないとき。開催日はその月の1日として記録します"),
    )
    reported_hires = models.PositiveIntegerField(
        _("就職者数（個別の記録なし）"),
        null=True,
        blank=True,
        help_text=_(
            "就職を一人ずつ記録していない過去の実績の人数。個別の記録があればそちらを数えます"
        ),
    )
    counted_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counted_here",
        verbose_name=_("数を合算して記録した回"),
        help_text=_("この回の参加企業・参加者・就職者の数を、別の回にまとめて記録しているとき"),
    )
    note = models.TextField(_("備考・出典"), blank=True)
    package_key = models.CharField(
        _("計画パッケージのキー"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("計画パッケージ（employment/events.csv）から読み込んだ記録のキー"),
    )
    is_fictional = models.BooleanField(_("架空データ"), default=False)

    class Meta:
        verbose_name = _("企業セミナー・説明会")
        verbose_name_plural = _("企業セミナー・説明会")
        ordering = ["local_government", "-held_on", "id"]
        indexes = [models.Index(fields=["local_government", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "package_key"],
                condition=~models.Q(package_key=""),
                name="event_unique_package_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventParticipant(TenantModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    seeker = models.ForeignKey(
        JobSeeker, on_delete=models.CASCADE, related_name="event_participations"
    )
    attended = models.BooleanField(_("参加した"), default=False)

    class Meta:
        verbose_name = _("参加者")
        verbose_name_plural = _("参加者")
        constraints = [
            models.UniqueConstraint(fields=["event", "seeker"], name="event_participant_unique")
        ]


class InterviewSlot(TenantModel):
    """An employer's interview slot at an event; one seeker at most. Neither an employer nor
    a seeker is ever in two overlapping slots (employment.events.services checks both under a
    row lock; the unique constraint also guards an employer's start time). Slots that only
    touch (one ends when the next starts) do not overlap."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    seeker = models.ForeignKey(
        JobSeeker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_slots",
        verbose_name=_("面談する求職者"),
    )
    held = models.BooleanField(_("面談を実施した"), default=False)

    class Meta:
        verbose_name = _("面談枠")
        verbose_name_plural = _("面談枠")
        ordering = ["event", "starts_at", "employer"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "starts_at"], name="interview_slot_unique_employer_time"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="interview_slot_ends_after_start",
            ),
        ]


class TrainingCourse(TenantModel):
    """A training course such as 介護職員初任者研修養成講座."""

    title = models.CharField(_("講座名"), max_length=200)
    provider = models.CharField(_("実施機関"), max_length=200, blank=True)
    certification = models.CharField(
        _("取得できる資格"), max_length=200, blank=True, help_text=_("例: 介護職員初任者研修")
    )
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"), null=True, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("予定回数"), default=1)
    # Past courses whose people were not recorded one by one: the counts as reported. Each
    # is used only while there are no individual records of that kind (employment.events.counts).
    reported_sessions = models.PositiveSmallIntegerField(
        _("実施回数（個別の記録なし）"), null=True, blank=True
    )
    reported_participants = models.PositiveSmallIntegerField(
        _("受講者数（個別の記録なし）"), null=True, blank=True
    )
    reported_completed = models.PositiveSmallIntegerField(
        _("修了者数（個別の記録なし）"), null=True, blank=True
    )
    reported_certified = models.PositiveSmallIntegerField(
        _("資格取得者数（個別の記録なし）"), null=True, blank=True
    )
    reported_hires = models.PositiveSmallIntegerField(
        _("就職者数（個別の記録なし）"), null=True, blank=True
    )
    note = models.TextField(_("備考・出典"), blank=True)
    package_key = models.CharField(
        _("計画パッケージのキー"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("計画パッケージ（employment/courses.csv）から読み込んだ記録のキー"),
    )
    is_fictional = models.BooleanField(_("架空データ"), default=False)

    class Meta:
        verbose_name = _("就労に向けた講座")
        verbose_name_plural = _("就労に向けた講座")
        ordering = ["local_government", "-starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "package_key"],
                condition=~models.Q(package_key=""),
                name="training_course_unique_package_key",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="training_course_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(TenantModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("回"))
    held_on = models.DateField(_("実施日"))

    class Meta:
        verbose_name = _("講座の回")
        verbose_name_plural = _("講座の回")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="training_session_unique")
        ]


class Enrollment(TenantModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="enrollments")
    seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="enrollments")
    completed = models.BooleanField(_("修了"), default=False)
    certified_on = models.DateField(_("資格取得日"), null=True, blank=True)
    attended_sessions = models.ManyToManyField(
        TrainingSession, blank=True, related_name="attendees", verbose_name=_("出席した回")
    )

    class Meta:
        verbose_name = _("受講者")
        verbose_name_plural = _("受講者")
        constraints = [
            models.UniqueConstraint(fields=["course", "seeker"], name="enrollment_unique")
        ]
