"""The job magazine 「Change!」: its issues, their postings and where the copies went."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TenantModel
from employment.models.postings import JobPosting


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
