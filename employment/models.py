"""Employment (就労): cooperating employers, job postings, the job magazine 「Change!」, events
and training courses, job-seeker profiles, matching, hires and retention.

Sets of fixed choices that are filtered on (the industries a seeker wants, the offences an
employer will not accept, the employment types a seeker accepts) are stored as bit masks
in an integer, so that the hard filters of matching are one indexed-column expression on
SQLite and PostgreSQL alike (`F("excluded_offences").bitand(mask) == 0`). `employment.choice_masks`
turns them into lists and back.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel


class Industry(models.TextChoices):
    """The seed's ten industries (表4 熊本市協力雇用主数), in its order."""

    CONSTRUCTION = "construction", _("建設業")
    MANUFACTURING = "manufacturing", _("製造業")
    FOOD_SERVICE = "food_service", _("飲食業")
    MEDICAL_WELFARE = "medical_welfare", _("医療福祉業")
    OTHER_SERVICES = "other_services", _("その他サービス業")
    WHOLESALE_RETAIL = "wholesale_retail", _("卸小売業")
    TRANSPORT = "transport", _("運送業")
    UTILITIES_WORK = "utilities_work", _("電気・ガス・水道工事")
    AGRICULTURE = "agriculture", _("農林漁業")
    OTHER = "other", _("その他")


class Offence(models.TextChoices):
    """Offence categories an employer may decline and a seeker's record may hold."""

    THEFT = "theft", _("窃盗")
    FRAUD = "fraud", _("詐欺・横領")
    DRUGS = "drugs", _("薬物")
    VIOLENCE = "violence", _("暴行・傷害")
    SEXUAL = "sexual", _("性犯罪")
    TRAFFIC = "traffic", _("交通事犯")
    ROBBERY = "robbery", _("強盗")
    HOMICIDE = "homicide", _("殺人")
    ARSON = "arson", _("放火")
    OTHER = "other", _("その他")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("正社員")
    CONTRACT = "contract", _("契約社員")
    PART_TIME = "part_time", _("パート・アルバイト")
    DISPATCH = "dispatch", _("派遣")
    OTHER = "other", _("その他")


class LegalStatus(models.TextChoices):
    """A seeker's status; decides the employer's "probation / juveniles welcome" rules."""

    PROBATION = "probation", _("保護観察中")
    PAROLE = "parole", _("仮釈放中")
    RELEASED = "released", _("満期釈放")
    SUSPENDED = "suspended", _("執行猶予中")
    NOT_PROSECUTED = "not_prosecuted", _("起訴猶予")
    JUVENILE = "juvenile", _("少年（保護観察・少年院出院）")
    OTHER = "other", _("その他")


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
        help_text=_("employment.bits で Offence の一覧と相互変換"),
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
        from employment.choice_masks import labels

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


class MagazineIssue(TenantModel):
    """An issue of the job magazine 「Change!」 built from published postings."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("編集中")
        ISSUED = "issued", _("発行済み")

    class PostingsPerPage(models.IntegerChoices):
        TWO = 2, _("2件（標準）")
        ONE = 1, _("1件（求人をくわしく載せる）")

    title = models.CharField(_("誌名"), max_length=100, default="Change（チェンジ）！")  # i18n-data
    number = models.PositiveSmallIntegerField(_("号"))
    issued_on = models.DateField(_("発行日"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    cover_text = models.TextField(_("表紙の言葉"), blank=True)
    how_to_apply = models.TextField(_("応募の方法・相談先"), blank=True)
    postings_per_page = models.PositiveSmallIntegerField(
        _("1ページに載せる求人の数"), choices=PostingsPerPage.choices, default=PostingsPerPage.TWO
    )
    copies_printed = models.PositiveIntegerField(_("印刷部数"), null=True, blank=True)
    # Added for the historic issues of a plan package (employment/package.py): where the
    # record comes from, and a publication date known only to the month.
    issued_on_month_only = models.BooleanField(_("発行日は月のみ判明"), default=False)
    note = models.TextField(_("備考・出典"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("求人情報誌")
        verbose_name_plural = _("求人情報誌")
        ordering = ["local_government", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "number"], name="magazine_issue_unique_number"
            )
        ]

    def __str__(self) -> str:
        return _("%(title)s 第%(number)s号") % {"title": self.title, "number": self.number}


class MagazineItem(TenantModel):
    """A posting in an issue, in print order. The posting is copied at issue time so that a
    printed issue stays as it was printed even if the posting changes later."""

    issue = models.ForeignKey(MagazineIssue, on_delete=models.CASCADE, related_name="items")
    posting = models.ForeignKey(
        JobPosting, on_delete=models.SET_NULL, null=True, related_name="magazine_items"
    )
    order = models.PositiveSmallIntegerField(_("掲載順"))
    snapshot = models.JSONField(_("掲載時の求人内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("求人情報誌の掲載求人")
        verbose_name_plural = _("求人情報誌の掲載求人")
        ordering = ["issue", "order"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "posting"], name="magazine_item_unique")
        ]


class MagazineDistribution(TenantModel):
    """Where copies of an issue went."""

    class Destination(models.TextChoices):
        PROBATION_OFFICE = "probation_office", _("保護観察所")
        PRISON = "prison", _("刑務所")
        JUVENILE_SCHOOL = "juvenile_school", _("少年院")
        VOLUNTEER_ASSOCIATION = "volunteer_association", _("保護司会")
        REHABILITATION_FACILITY = "rehabilitation_facility", _("更生保護施設")
        HELLO_WORK = "hello_work", _("ハローワーク")
        CITY = "city", _("市の窓口")
        OTHER = "other", _("その他")

    issue = models.ForeignKey(MagazineIssue, on_delete=models.CASCADE, related_name="distributions")
    destination = models.CharField(_("配布先の種別"), max_length=30, choices=Destination.choices)
    destination_name = models.CharField(_("配布先"), max_length=200, blank=True)
    copies = models.PositiveIntegerField(_("部数"))
    sent_on = models.DateField(_("配布日"), null=True, blank=True)

    class Meta:
        verbose_name = _("求人情報誌の配布")
        verbose_name_plural = _("求人情報誌の配布")
        ordering = ["issue", "destination", "id"]


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
    legal_status = models.CharField(_("法的な状況"), max_length=20, choices=LegalStatus.choices)
    offences = models.PositiveIntegerField(_("前歴の種類（ビット集合）"), default=0)
    is_active = models.BooleanField(_("求職中"), default=True)
    is_fictional = models.BooleanField(_("架空データ"), default=False)
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
