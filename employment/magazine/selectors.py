"""Reads of the job magazine, scoped to the signed-in secretariat's local government (another
body's issue is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from employment.magazine.services import eligible_postings, posting_snapshot
from employment.models import Industry, MagazineDistribution, MagazineIssue, MagazineItem

ISSUE_SORTS = {
    "number": ("number",),
    "-number": ("-number",),
    "issued": ("issued_on", "number"),
    "-issued": ("-issued_on", "-number"),
}
DEFAULT_ISSUE_SORT = "-number"


def issue_list(local_government, *, sort: str = DEFAULT_ISSUE_SORT) -> QuerySet:
    """The issues with their posting, opening and distributed-copy counts (one query)."""
    distributed = (
        MagazineDistribution.objects.filter(issue=OuterRef("pk"))
        .values("issue")
        .annotate(total=Sum("copies"))
        .values("total")
    )
    return (
        MagazineIssue.objects.filter(local_government=local_government)
        .annotate(
            posting_count=Count("items"),
            distributed=Coalesce(Subquery(distributed, output_field=IntegerField()), Value(0)),
        )
        .order_by(*ISSUE_SORTS.get(sort, ISSUE_SORTS[DEFAULT_ISSUE_SORT]))
    )


def issue_for(local_government, pk: int) -> MagazineIssue:
    return get_object_or_404(
        MagazineIssue.objects.select_related("local_government"),
        pk=pk,
        local_government=local_government,
    )


def item_for(issue: MagazineIssue, pk: int) -> MagazineItem:
    return get_object_or_404(
        MagazineItem.objects.select_related("issue__local_government", "posting__employer"),
        pk=pk,
        issue=issue,
    )


def distribution_for(issue: MagazineIssue, pk: int) -> MagazineDistribution:
    return get_object_or_404(
        MagazineDistribution.objects.select_related("issue__local_government"),
        pk=pk,
        issue=issue,
    )


def issue_items(issue: MagazineIssue) -> list[MagazineItem]:
    return list(issue.items.select_related("posting__employer").order_by("order", "id"))


@dataclass
class PrintedPosting:
    """A posting as the issue prints it: the frozen snapshot of an issued issue, or the
    posting as it is now while the issue is being edited."""

    number: int  # 掲載番号, 1… in print order
    item: MagazineItem
    fields: dict[str, Any]

    @property
    def missing(self) -> bool:
        return not self.fields


def printed_postings(issue: MagazineIssue, items: list[MagazineItem] | None = None) -> list:
    """The postings in print order. A posting deleted while the issue is edited is dropped
    (an issued issue keeps its snapshot whatever happens to the posting)."""
    items = issue_items(issue) if items is None else items
    printed = []
    for item in items:
        if issue.status == MagazineIssue.Status.ISSUED and item.snapshot:
            fields = item.snapshot
        elif item.posting_id:
            fields = posting_snapshot(item.posting)
        else:
            continue
        printed.append(PrintedPosting(len(printed) + 1, item, fields))
    return printed


def stale_item_ids(issue: MagazineIssue, items: list[MagazineItem]) -> set[int]:
    """The items of an issue being edited whose posting can no longer be printed (closed,
    expired, its employer no longer approved): issuing refuses them."""
    if issue.status != MagazineIssue.Status.DRAFT:
        return set()
    posting_ids = [item.posting_id for item in items if item.posting_id]
    printable = set(
        eligible_postings(issue.local_government)
        .filter(pk__in=posting_ids)
        .values_list("pk", flat=True)
    )
    return {item.pk for item in items if item.posting_id and item.posting_id not in printable}


def candidate_postings(
    issue: MagazineIssue, *, q: str = "", industry: str = "", public_only: bool = False
) -> QuerySet:
    """Postings that may still be added to the issue (publishable now, not in it yet)."""
    postings = (
        eligible_postings(issue.local_government)
        .exclude(magazine_items__issue=issue)
        .select_related("employer")
    )
    if public_only:
        postings = postings.filter(employer__is_public=True)
    if industry in Industry.values:
        postings = postings.filter(industry=industry)
    for word in q.split()[:5]:
        postings = postings.filter(
            Q(title__icontains=word)
            | Q(employer__name__icontains=word)
            | Q(workplace__icontains=word)
        )
    return postings.order_by("employer__name_kana", "employer__name", "title", "id")


def distributions(issue: MagazineIssue) -> list[MagazineDistribution]:
    return list(issue.distributions.order_by("sent_on", "id"))
