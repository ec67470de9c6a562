"""Reads of employment. What a user may see at all is decided here, on the server, from the
rules in employment.access; views and the API only narrow it with filters.

Postings: `public_postings` is the public job board (and its API and open data);
`open_postings` is what supporters see (non-public employers' postings too);
`visible_postings` is the back office's list for a user."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.roles import Role
from employment.access import SUPPORTER_ROLES, employer_of
from employment.models import Employer, JobPosting

PUBLISHED = JobPosting.Status.PUBLISHED
CLOSED = JobPosting.Status.CLOSED
DRAFT = JobPosting.Status.DRAFT
QUERY_LIMIT = 100


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def open_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Published and not past the end date (a posting without an end date stays open)."""
    return Q(**{f"{prefix}status": PUBLISHED}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": _today(today)})
    )


def closed_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Closed, or published and past the end date (shown as closed everywhere)."""
    return Q(**{f"{prefix}status": CLOSED}) | Q(
        **{f"{prefix}status": PUBLISHED, f"{prefix}ends_on__lt": _today(today)}
    )


@dataclass(frozen=True)
class PostingFilters:
    """The job board's filters (also the back office's and the API's). Empty means any."""

    q: str = ""
    industry: str = ""
    ward: str = ""
    employment_type: str = ""
    housing: bool = False
    probation: bool = False

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> PostingFilters:
        """Filters from a dict (e.g. a form's cleaned_data); unknown keys are ignored."""
        values = values or {}
        names = {f.name for f in fields(cls)}
        kwargs = {name: values[name] for name in names if values.get(name) is not None}
        for name in ("q", "industry", "ward", "employment_type"):
            if name in kwargs:
                kwargs[name] = str(kwargs[name]).strip()[:QUERY_LIMIT]
        for name in ("housing", "probation"):
            if name in kwargs:
                kwargs[name] = bool(kwargs[name])
        return cls(**kwargs)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def filter_postings(postings: QuerySet[JobPosting], filters: PostingFilters) -> QuerySet:
    """Narrow `postings` by the filters: equality on indexed columns, and a text match on
    the posting's own columns only (no join) for `q`."""
    if filters.industry:
        postings = postings.filter(industry=filters.industry)
    if filters.ward:
        postings = postings.filter(ward=filters.ward)
    if filters.employment_type:
        postings = postings.filter(employment_type=filters.employment_type)
    if filters.housing:
        postings = postings.filter(Q(dormitory=True) | Q(company_housing=True))
    if filters.probation:
        postings = postings.filter(probation_welcome=True)
    if filters.q:
        for word in filters.q.split()[:5]:
            postings = postings.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(workplace__icontains=word)
            )
    return postings


def _filters(filters) -> PostingFilters:
    if isinstance(filters, PostingFilters):
        return filters
    return PostingFilters.from_mapping(filters)


def open_postings(local_government, *, today: datetime.date | None = None) -> QuerySet:
    """Every open posting of the local government's approved employers, public or not
    (what supporters see, and what matching and the magazine choose from)."""
    return JobPosting.objects.filter(
        open_q(today),
        local_government=local_government,
        employer__status=Employer.Status.APPROVED,
    )


def public_postings(
    local_government,
    filters: PostingFilters | Mapping | None = None,
    *,
    today: datetime.date | None = None,
) -> QuerySet[JobPosting]:
    """The public job board: published, unexpired postings of approved employers that chose
    to be public, filtered, newest first, with their employer (one query per page, whatever
    the number of postings; the filters use the (local_government, status, …) indexes)."""
    postings = open_postings(local_government, today=today).filter(employer__is_public=True)
    return (
        filter_postings(postings, _filters(filters))
        .select_related("employer")
        .order_by("-published_at", "-id")
    )


def public_posting(local_government, pk: int, *, today: datetime.date | None = None):
    """One posting of the public job board, or 404."""
    try:
        return public_postings(local_government, today=today).get(pk=pk)
    except JobPosting.DoesNotExist:
        raise Http404 from None


def public_wards(local_government, *, today: datetime.date | None = None) -> list[str]:
    """The wards that public postings are in (for the board's ward filter)."""
    return sorted(
        set(
            open_postings(local_government, today=today)
            .filter(employer__is_public=True)
            .exclude(ward="")
            .values_list("ward", flat=True)
            .distinct()
        )
    )


# --- the back office ---------------------------------------------------------------------


def is_secretariat(user, local_government) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.SECRETARIAT
        and user.local_government is not None
        and user.local_government.pk == local_government.pk
    )


def visible_postings(user, local_government) -> QuerySet[JobPosting]:
    """The postings a user may open in the back office: the secretariat every posting of its
    local government; an employer account its own company's (any status); other supporters
    the published and closed postings of approved employers, never a draft."""
    postings = JobPosting.objects.filter(local_government=local_government)
    if is_secretariat(user, local_government):
        return postings
    if user.is_authenticated and user.role == Role.EMPLOYER:
        return postings.filter(employer=employer_of(user))
    if user.is_authenticated and user.role in SUPPORTER_ROLES:
        return postings.filter(employer__status=Employer.Status.APPROVED).exclude(status=DRAFT)
    return postings.none()


def can_manage(user, posting: JobPosting) -> bool:
    """Create, edit, publish and close: the secretariat of the posting's local government,
    or the employer account of the posting's own company."""
    if not user.is_authenticated:
        return False
    if user.role == Role.SECRETARIAT:
        return is_secretariat(user, posting.local_government)
    if user.role == Role.EMPLOYER:
        try:
            return employer_of(user).pk == posting.employer_id
        except Http404:
            return False
    return False


STATUS_FILTERS = ("draft", "published", "closed")
SORTS = {
    "-published": (F("published_at").desc(nulls_last=True), "-id"),
    "published": (F("published_at").asc(nulls_last=True), "id"),
    "ends": (F("ends_on").asc(nulls_last=True), "id"),
    "-ends": (F("ends_on").desc(nulls_first=True), "-id"),
    "title": ("title", "id"),
    "employer": ("employer__name_kana", "employer__name", "-published_at", "-id"),
    "-updated": ("-updated_at", "-id"),
}


def posting_list(
    postings: QuerySet[JobPosting],
    filters: PostingFilters | Mapping | None = None,
    *,
    status: str = "",
    employer: Employer | None = None,
    sort: str = "-updated",
    today: datetime.date | None = None,
) -> QuerySet[JobPosting]:
    """A back-office list: `postings` (from visible_postings) filtered and sorted, with
    their employer in the same query. `status` is the shown status (an expired posting is
    closed)."""
    postings = filter_postings(postings, _filters(filters))
    if status == DRAFT:
        postings = postings.filter(status=DRAFT)
    elif status == PUBLISHED:
        postings = postings.filter(open_q(today))
    elif status == CLOSED:
        postings = postings.filter(closed_q(today))
    if employer is not None:
        postings = postings.filter(employer=employer)
    return postings.select_related("employer").order_by(*SORTS.get(sort, SORTS["-updated"]))


def employers_for_postings(local_government) -> QuerySet[Employer]:
    """The employers the secretariat may write a posting for: approved ones."""
    return Employer.objects.filter(
        local_government=local_government, status=Employer.Status.APPROVED
    ).order_by("name_kana", "name", "id")
