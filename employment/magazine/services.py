"""The job magazine 「Change!」: writes, and the count behind the reference indicator
求人情報誌の求人募集件数.

The secretariat builds an issue from the postings that are published now (their employer
approved, their end date not passed), including those of employers who keep their company
off the public job board: the magazine goes to supporters and facilities, not to the
public. Marking an issue issued copies each posting's printed fields into its item's
`snapshot`, so that the printed issue never changes afterwards; an issued issue is
read-only except for the copies printed and where they went.

Every service checks who may do it, runs in one transaction and writes an audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.access import has_role
from core.fields import choice_masks as bits
from core.roles import Role
from core.wareki import fiscal_year_of
from employment.magazine.indicator import record_indicator
from employment.models import (
    Employer,
    JobPosting,
    MagazineDistribution,
    MagazineIssue,
    MagazineItem,
    Offence,
)

# An issue is printed: keep it (and the PDF's work) bounded.
MAX_ITEMS = 100
COVER_TEXT_LIMIT = 200  # the cover is one page
SNAPSHOT_VERSION = 1

ISSUE_FIELDS = (
    "number",
    "title",
    "cover_text",
    "how_to_apply",
    "postings_per_page",
    "copies_printed",
)


def default_how_to_apply() -> str:
    """The plain text the how-to-apply page starts with: roles only, no phone numbers or
    addresses (each local government writes its own)."""
    return "\n".join(
        [
            _(
                "働いてみたい求人が見つかったら、まず担当の保護司か、保護観察所の担当の人に相談してください。"
            ),
            _(
                "求人ごとの「応募の方法」に、どこを通じて応募できるかを書いています。ハローワークを通じて応募できる求人もあります。"
            ),
            _("会社に直接電話をする前に、相談した人と一緒に、面接の日時や持ち物を確かめましょう。"),
            _("わからないことは、保護司、保護観察所、ハローワークの窓口でたずねてください。"),
        ]
    )


def default_cover_text() -> str:
    return _(
        "新しいスタートを応援する会社の求人を集めました。気になる求人があれば、保護司や保護観察所の人に相談してください。"
    )


# --- who may -----------------------------------------------------------------------------------


def _check_secretariat(actor, local_government) -> None:
    if not (
        has_role(actor, [Role.SECRETARIAT]) and actor.local_government_id == local_government.pk
    ):
        raise PermissionDenied


def _check_draft(issue: MagazineIssue) -> None:
    if issue.status != MagazineIssue.Status.DRAFT:
        raise ValidationError(
            _("この号は発行済みのため変更できません（印刷部数と配布の記録だけ追加できます）。")
        )


def _locked(issue: MagazineIssue) -> MagazineIssue:
    return MagazineIssue.objects.select_for_update().get(pk=issue.pk)


# --- postings that may go into an issue ----------------------------------------------------------


def eligible_postings(local_government, *, today: datetime.date | None = None) -> QuerySet:
    """The postings an issue may print: published, of an approved employer of the same local
    government, not past their end date. Public and non-public employers alike."""
    today = today or timezone.localdate()
    return JobPosting.objects.filter(
        local_government=local_government,
        status=JobPosting.Status.PUBLISHED,
        employer__local_government=local_government,
        employer__status=Employer.Status.APPROVED,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def _wage_text(posting: JobPosting) -> str:
    low = f"{posting.wage_min:,}"
    if posting.wage_max and posting.wage_max != posting.wage_min:
        amount = _("%(low)s円〜%(high)s円") % {"low": low, "high": f"{posting.wage_max:,}"}
    else:
        amount = _("%(low)s円") % {"low": low}
    return f"{posting.get_wage_form_display()} {amount}"


def _label(field_name: str) -> str:
    return str(JobPosting._meta.get_field(field_name).verbose_name)


def posting_snapshot(posting: JobPosting) -> dict[str, Any]:
    """The printed fields of a posting, as plain values and the labels in force now."""
    employer = posting.employer
    return {
        "version": SNAPSHOT_VERSION,
        "posting_id": posting.pk,
        "employer_name": employer.name,
        "employer_is_public": employer.is_public,
        "industry": posting.get_industry_display(),
        "title": posting.title,
        "description": posting.description,
        "workplace": posting.workplace,
        "ward": posting.ward,
        "employment_type": posting.get_employment_type_display(),
        "wage_form": posting.get_wage_form_display(),
        "wage_min": posting.wage_min,
        "wage_max": posting.wage_max,
        "wage_text": _wage_text(posting),
        "working_hours": posting.working_hours,
        "holidays": posting.holidays,
        "social_insurance": posting.social_insurance,
        "qualifications": posting.qualifications,
        "experience": posting.experience,
        "trial_period": posting.trial_period,
        "openings": posting.openings,
        "housing": [
            _label(name)
            for name in ("dormitory", "company_housing", "meals")
            if getattr(posting, name)
        ],
        "probation_welcome": posting.probation_welcome,
        "juveniles_welcome": posting.juveniles_welcome,
        "excluded_offences": bits.labels(Offence, posting.excluded_offences),
        "message": posting.message,
        "apply_via": [
            str(label)
            for name, label in (
                ("apply_via_volunteer", _("保護司")),
                ("apply_via_probation_office", _("保護観察所")),
                ("apply_via_hello_work", _("ハローワーク")),
            )
            if getattr(posting, name)
        ],
        "ends_on": posting.ends_on.isoformat() if posting.ends_on else None,
        "is_fictional": posting.is_fictional or employer.is_fictional,
    }


# --- issues ------------------------------------------------------------------------------------


def next_number(local_government) -> int:
    last = MagazineIssue.objects.filter(local_government=local_government).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _clean_issue_values(local_government, values: dict[str, Any], *, issue=None) -> dict:
    cleaned = {name: values.get(name) for name in ISSUE_FIELDS}
    errors: dict[str, str] = {}
    number = cleaned["number"]
    if not number or number < 1:
        errors["number"] = _("号は1以上の数で入力してください。")
    else:
        taken = MagazineIssue.objects.filter(local_government=local_government, number=number)
        if issue is not None:
            taken = taken.exclude(pk=issue.pk)
        if taken.exists():
            errors["number"] = _("第%(number)s号はすでにあります。別の号を入力してください。") % {
                "number": number
            }
    cleaned["title"] = (cleaned["title"] or "").strip()
    if not cleaned["title"]:
        errors["title"] = _("誌名を入力してください。")
    cleaned["cover_text"] = (cleaned["cover_text"] or "").strip()
    if len(cleaned["cover_text"]) > COVER_TEXT_LIMIT:
        errors["cover_text"] = _("表紙の言葉は%(max)s字までです。") % {"max": COVER_TEXT_LIMIT}
    cleaned["how_to_apply"] = (cleaned["how_to_apply"] or "").strip()
    if not cleaned["how_to_apply"]:
        errors["how_to_apply"] = _("応募の方法・相談先のページに載せる文を入力してください。")
    if cleaned["postings_per_page"] not in MagazineIssue.PostingsPerPage.values:
        errors["postings_per_page"] = _("1ページに載せる求人の数は1か2を選んでください。")
    copies = cleaned["copies_printed"]
    if copies is not None and copies < 0:
        errors["copies_printed"] = _("印刷部数は0以上で入力してください。")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def issue_create(*, actor, local_government, values: dict[str, Any]) -> MagazineIssue:
    """Start a new issue (editing, no postings yet)."""
    _check_secretariat(actor, local_government)
    cleaned = _clean_issue_values(local_government, values)
    issue = MagazineIssue(local_government=local_government, **cleaned)
    issue.full_clean()
    issue.save()
    audit.record(
        actor=actor,
        action="employment.magazine_issue_create",
        local_government=local_government,
        obj=issue,
        changes={name: {"before": None, "after": getattr(issue, name)} for name in ISSUE_FIELDS},
    )
    return issue


@transaction.atomic
def issue_update(*, actor, issue: MagazineIssue, values: dict[str, Any]) -> MagazineIssue:
    """Change an issue being edited."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    _check_draft(issue)
    cleaned = _clean_issue_values(issue.local_government, values, issue=issue)
    _check_copies_cover_distributions(issue, cleaned["copies_printed"])
    before = audit.snapshot(issue, ISSUE_FIELDS)
    for name, value in cleaned.items():
        setattr(issue, name, value)
    issue.full_clean()
    issue.save()
    changes = audit.diff(before, audit.snapshot(issue, ISSUE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.magazine_issue_update",
            local_government=issue.local_government,
            obj=issue,
            changes=changes,
        )
    return issue


def distributed_copies(issue: MagazineIssue) -> int:
    return issue.distributions.aggregate(total=Sum("copies"))["total"] or 0


def _check_copies_cover_distributions(issue: MagazineIssue, copies: int | None) -> None:
    distributed = distributed_copies(issue)
    if distributed and (copies is None or copies < distributed):
        raise ValidationError(
            {
                "copies_printed": _(
                    "すでに%(distributed)s部の配布を記録しています。印刷部数はそれより少なくできません。"
                )
                % {"distributed": f"{distributed:,}"}
            }
        )


@transaction.atomic
def issue_set_copies_printed(
    *, actor, issue: MagazineIssue, copies_printed: int | None
) -> MagazineIssue:
    """Record how many copies were printed (an issued issue too: printing follows issue)."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    if copies_printed is not None and copies_printed < 0:
        raise ValidationError({"copies_printed": _("印刷部数は0以上で入力してください。")})
    _check_copies_cover_distributions(issue, copies_printed)
    before = audit.snapshot(issue, ["copies_printed"])
    issue.copies_printed = copies_printed
    issue.save(update_fields=["copies_printed"])
    changes = audit.diff(before, audit.snapshot(issue, ["copies_printed"]))
    if changes:
        audit.record(
            actor=actor,
            action="employment.magazine_copies_printed",
            local_government=issue.local_government,
            obj=issue,
            changes=changes,
        )
    return issue


@transaction.atomic
def issue_delete(*, actor, issue: MagazineIssue) -> None:
    """Delete an issue being edited (an issued one is a record and stays)."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    _check_draft(issue)
    audit.record(
        actor=actor,
        action="employment.magazine_issue_delete",
        local_government=issue.local_government,
        obj=issue,
        changes={"number": {"before": issue.number, "after": None}},
    )
    issue.delete()


# --- the postings of an issue ------------------------------------------------------------------


def _renumber(issue: MagazineIssue) -> None:
    for position, item in enumerate(issue.items.order_by("order", "id"), start=1):
        if item.order != position:
            MagazineItem.objects.filter(pk=item.pk).update(order=position)


@transaction.atomic
def items_add(*, actor, issue: MagazineIssue, posting_ids: Iterable[int]) -> list[MagazineItem]:
    """Add postings at the end of the issue, in the order given; one already in it is
    skipped. Each must be publishable now (see eligible_postings)."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    _check_draft(issue)
    wanted = list(dict.fromkeys(int(pk) for pk in posting_ids))
    if not wanted:
        raise ValidationError(_("追加する求人を選んでください。"))
    present = set(issue.items.values_list("posting_id", flat=True))
    postings = {
        posting.pk: posting
        for posting in eligible_postings(issue.local_government).filter(pk__in=wanted)
    }
    missing = [pk for pk in wanted if pk not in postings]
    if missing:
        raise ValidationError(
            _(
                "選んだ求人のうち%(count)s件は、公開が終わったか掲載期間を過ぎたため追加できません。一覧を開き直してください。"
            )
            % {"count": len(missing)}
        )
    new = [pk for pk in wanted if pk not in present]
    if len(present) + len(new) > MAX_ITEMS:
        raise ValidationError(
            _("1つの号に載せられる求人は%(max)s件までです。") % {"max": MAX_ITEMS}
        )
    last = issue.items.aggregate(last=Max("order"))["last"] or 0
    items = MagazineItem.objects.bulk_create(
        MagazineItem(
            local_government=issue.local_government,
            issue=issue,
            posting=postings[pk],
            order=last + offset,
        )
        for offset, pk in enumerate(new, start=1)
    )
    if items:
        audit.record(
            actor=actor,
            action="employment.magazine_items_add",
            local_government=issue.local_government,
            obj=issue,
            changes={
                "postings": {
                    "before": None,
                    "after": [str(postings[pk]) for pk in new],
                }
            },
        )
    return items


@transaction.atomic
def item_remove(*, actor, item: MagazineItem) -> None:
    issue = item.issue
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    _check_draft(issue)
    label = str(item.posting) if item.posting_id else str(item.snapshot.get("title", ""))
    item.delete()
    _renumber(issue)
    audit.record(
        actor=actor,
        action="employment.magazine_item_remove",
        local_government=issue.local_government,
        obj=issue,
        changes={"posting": {"before": label, "after": None}},
    )


@transaction.atomic
def item_move(*, actor, item: MagazineItem, offset: int) -> MagazineItem:
    """Move a posting one place up (offset -1) or down (+1) in the issue."""
    issue = item.issue
    _check_secretariat(actor, issue.local_government)
    if offset not in (-1, 1):
        raise ValidationError(_("移動は1つ上か1つ下です。"))
    issue = _locked(issue)
    _check_draft(issue)
    _renumber(issue)
    item = MagazineItem.objects.get(pk=item.pk)
    neighbour = issue.items.filter(order=item.order + offset).first()
    if neighbour is None:
        raise ValidationError(_("これ以上移動できません。"))
    old_order = item.order
    MagazineItem.objects.filter(pk=neighbour.pk).update(order=old_order)
    MagazineItem.objects.filter(pk=item.pk).update(order=old_order + offset)
    item.order = old_order + offset
    audit.record(
        actor=actor,
        action="employment.magazine_item_move",
        local_government=issue.local_government,
        obj=issue,
        changes={
            "posting": {"before": None, "after": str(item.posting or "")},
            "order": {"before": old_order, "after": item.order},
        },
    )
    return item


# --- issuing -----------------------------------------------------------------------------------


@transaction.atomic
def issue_publish(*, actor, issue: MagazineIssue, issued_on: datetime.date) -> MagazineIssue:
    """Mark the issue issued: freeze every posting's printed fields into its item, then
    record the indicator 求人情報誌の求人募集件数 for the issue's fiscal year."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    _check_draft(issue)
    if issued_on is None:
        raise ValidationError({"issued_on": _("発行日を入力してください。")})
    items = list(issue.items.select_related("posting__employer").order_by("order", "id"))
    if not items:
        raise ValidationError(_("求人を1件以上載せてから発行してください。"))
    eligible = set(
        eligible_postings(issue.local_government)
        .filter(pk__in=[item.posting_id for item in items if item.posting_id])
        .values_list("pk", flat=True)
    )
    stale = [item for item in items if item.posting_id not in eligible]
    if stale:
        names = "、".join(
            str(item.posting) if item.posting_id else _("削除された求人") for item in stale
        )
        raise ValidationError(
            _(
                "次の求人は公開が終わったか掲載期間を過ぎたため載せられません。外してから発行してください: %(names)s"
            )
            % {"names": names}
        )
    for item in items:
        item.snapshot = posting_snapshot(item.posting)
    MagazineItem.objects.bulk_update(items, ["snapshot"])
    issue.status = MagazineIssue.Status.ISSUED
    issue.issued_on = issued_on
    issue.save(update_fields=["status", "issued_on"])
    audit.record(
        actor=actor,
        action="employment.magazine_issue_publish",
        local_government=issue.local_government,
        obj=issue,
        changes={
            "status": {"before": MagazineIssue.Status.DRAFT, "after": issue.status},
            "issued_on": {"before": None, "after": issued_on},
            "postings": {"before": None, "after": len(items)},
            "openings": {
                "before": None,
                "after": sum(item.snapshot["openings"] for item in items),
            },
        },
    )

    record_indicator(
        actor=actor,
        local_government=issue.local_government,
        fiscal_year=fiscal_year_of(issued_on),
    )
    return issue


# --- distributions -----------------------------------------------------------------------------


@transaction.atomic
def distribution_add(
    *,
    actor,
    issue: MagazineIssue,
    destination: str,
    destination_name: str = "",
    copies: int,
    sent_on: datetime.date | None = None,
) -> MagazineDistribution:
    """Record copies sent somewhere; all the copies sent never exceed the copies printed."""
    _check_secretariat(actor, issue.local_government)
    issue = _locked(issue)
    errors: dict[str, str] = {}
    if issue.status != MagazineIssue.Status.ISSUED:
        raise ValidationError(_("配布は、号を発行してから記録できます。"))
    if destination not in MagazineDistribution.Destination.values:
        errors["destination"] = _("配布先の種別を一覧から選んでください。")
    if copies is None or copies < 1:
        errors["copies"] = _("部数は1以上で入力してください。")
    elif issue.copies_printed is None:
        errors["copies"] = _("先にこの号の印刷部数を記録してください。")
    else:
        already = distributed_copies(issue)
        if already + copies > issue.copies_printed:
            errors["copies"] = _(
                "配布部数の合計（%(total)s部）が印刷部数（%(printed)s部）を超えます。残りは%(left)s部です。"
            ) % {
                "total": f"{already + copies:,}",
                "printed": f"{issue.copies_printed:,}",
                "left": f"{max(issue.copies_printed - already, 0):,}",
            }
    if sent_on and issue.issued_on and sent_on < issue.issued_on:
        errors["sent_on"] = _("配布日は発行日（%(date)s）より前にできません。") % {
            "date": issue.issued_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    distribution = MagazineDistribution(
        local_government=issue.local_government,
        issue=issue,
        destination=destination,
        destination_name=(destination_name or "").strip()[:200],
        copies=copies,
        sent_on=sent_on,
    )
    distribution.full_clean()
    distribution.save()
    audit.record(
        actor=actor,
        action="employment.magazine_distribution_add",
        local_government=issue.local_government,
        obj=issue,
        changes={
            "destination": {"before": None, "after": distribution.get_destination_display()},
            "destination_name": {"before": None, "after": distribution.destination_name},
            "copies": {"before": None, "after": copies},
            "sent_on": {"before": None, "after": sent_on},
        },
    )
    return distribution


@transaction.atomic
def distribution_delete(*, actor, distribution: MagazineDistribution) -> None:
    """Remove a distribution recorded by mistake."""
    issue = distribution.issue
    _check_secretariat(actor, issue.local_government)
    _locked(issue)
    audit.record(
        actor=actor,
        action="employment.magazine_distribution_delete",
        local_government=issue.local_government,
        obj=issue,
        changes={
            "destination": {"before": distribution.get_destination_display(), "after": None},
            "destination_name": {"before": distribution.destination_name, "after": None},
            "copies": {"before": distribution.copies, "after": None},
        },
    )
    distribution.delete()
