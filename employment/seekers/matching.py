"""Matching a job seeker with job postings, and the other way round as a count.

For one seeker, `match` ranks the published, unexpired postings of approved employers of the
seeker's local government (public or not: only supporters see matches). The ranking is one
SQL query on SQLite and PostgreSQL alike (then the page's postings are fetched by id):

- hard filters, in the WHERE clause: the posting excludes none of the seeker's offences
  (`excluded_offences & offences = 0`), and it welcomes the seeker's status (people on
  probation or parole need `probation_welcome`; juveniles need `juveniles_welcome` and, being
  under 保護観察 too, `probation_welcome`);
- scores, one CASE expression per criterion (desired industry, ward, employment type,
  housing, licences named in the qualifications, desired job in the title, recency),
  summed, ordered, limited.

Each criterion is also selected as its own column, so the explanation of a returned posting
is read from what the database computed, never recomputed in Python; explanations are built
only for the page returned. `excluded` lists the postings the hard filters remove, with the
reason in plain Japanese. `matching_seekers_count` gives an employer the number of active
seekers a posting fits, never below 5 (「5人未満」), and nothing else about them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core import disclosure
from core.fields.choice_masks import bit, from_mask, labels
from employment.models import (
    Employer,
    EmploymentType,
    Industry,
    JobPosting,
    JobSeeker,
    LegalStatus,
    Offence,
)

# Weights of the scored criteria. Housing is strong: without a place to live a job often
# cannot start, but a supporter may still arrange housing separately, so it is not a filter.
POINTS_HOUSING = 40
POINTS_INDUSTRY = 30
POINTS_WARD = 20
POINTS_JOB = 15
POINTS_EMPLOYMENT_TYPE = 15
POINTS_LICENCE = 10
POINTS_MEALS = 5
POINTS_RECENT = 10  # published within RECENT_DAYS
POINTS_FAIRLY_RECENT = 5  # published within FAIRLY_RECENT_DAYS
RECENT_DAYS = 14
FAIRLY_RECENT_DAYS = 30
MAX_TERMS = 5  # licences or desired jobs taken from the free text

# The seeker statuses under 保護観察 (people on probation or parole, and juveniles, who are on
# probation or released on parole from a juvenile training school).
UNDER_SUPERVISION = frozenset({LegalStatus.PROBATION, LegalStatus.PAROLE, LegalStatus.JUVENILE})

SMALL_CELL = disclosure.SMALL_CELL  # counts below this are shown as 「5人未満」

_SEPARATORS = re.compile(r"[、,，・/／;；\s]+")


def split_terms(text: str) -> list[str]:
    """The words of a free-text list (「中央区、東区」「フォークリフト 普通自動車免許」), in
    order, without repeats."""
    return list(dict.fromkeys(term for term in _SEPARATORS.split(text or "") if term))


def _today() -> datetime.date:
    return timezone.localdate()


def candidate_postings(local_government_id: int, *, today: datetime.date | None = None):
    """The postings a supporter may match against: published, not past their end date, of
    an approved employer of the local government (public or not)."""
    today = today or _today()
    # The employer's approval as "not one of the few employers that are not approved" (a
    # hashed NOT IN of a few hundred ids), not a join with every employer: the ranking query
    # then reads postings alone (see `match`).
    not_approved = Employer.objects.filter(
        local_government_id=local_government_id,
        status__in=[s for s in Employer.Status.values if s != Employer.Status.APPROVED],
    ).values("pk")
    return (
        JobPosting.objects.filter(
            local_government_id=local_government_id, status=JobPosting.Status.PUBLISHED
        )
        .exclude(employer_id__in=not_approved)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )


# --- the hard filters --------------------------------------------------------------------------


def _with_offence_hit(postings: QuerySet, seeker: JobSeeker) -> QuerySet:
    return postings.annotate(offence_hit=F("excluded_offences").bitand(Value(seeker.offences or 0)))


def _hard_filter(seeker: JobSeeker) -> Q:
    """The condition a posting must meet to be shown to the seeker at all."""
    condition = Q()
    if seeker.offences:
        # `excluded_offences=0 OR …` says the same thing, but lets PostgreSQL estimate the rows
        # from the column's statistics (most postings exclude nothing); with the bit test
        # alone it guesses 0.5 % and plans a sort of every passing row before the join.
        condition &= Q(excluded_offences=0) | Q(offence_hit=0)
    if seeker.legal_status in UNDER_SUPERVISION:
        condition &= Q(probation_welcome=True)
    if seeker.legal_status == LegalStatus.JUVENILE:
        condition &= Q(juveniles_welcome=True)
    return condition


def _has_hard_rules(seeker: JobSeeker) -> bool:
    return bool(seeker.offences) or seeker.legal_status in UNDER_SUPERVISION


def exclusion_reasons(seeker: JobSeeker, posting: JobPosting) -> list[str]:
    """Why the hard filters keep `posting` from `seeker`, in plain Japanese (empty if not)."""
    reasons = [
        _("この企業は%(offence)sの前歴のある方の応募を受け付けていません") % {"offence": label}
        for label in labels(Offence, posting.excluded_offences & (seeker.offences or 0))
    ]
    if seeker.legal_status in UNDER_SUPERVISION and not posting.probation_welcome:
        reasons.append(_("この求人は保護観察中の方の応募を受け付けていません"))
    if seeker.legal_status == LegalStatus.JUVENILE and not posting.juveniles_welcome:
        reasons.append(_("この求人は少年の応募を受け付けていません"))
    return reasons


# --- the scores --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A scored criterion: its column name, the SQL expression of its points (0 when it
    does not hold), and the sentence that explains it for a posting with those points."""

    name: str
    points: Case
    explain: Callable[[JobPosting, int], str]


def _when(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _contains(column: str, term: str) -> Q:
    """The column holds the term, ignoring case. A term without letters that have a case
    (「作業員」「普通自動車免許」: most terms here) is compared as it is: the same result as
    `icontains`, without upper-casing the text of every posting that is ranked (60,000 in the
    benchmark's large body; docs/benchmarks.md, issue 17)."""
    if term.upper() == term.lower():
        return Q(**{f"{column}__contains": term})
    return Q(**{f"{column}__icontains": term})


def criteria(seeker: JobSeeker, *, now: datetime.datetime | None = None) -> list[Criterion]:
    """The scored criteria of a seeker, in the order their explanations are shown."""
    now = now or timezone.now()
    result = []
    industries = from_mask(Industry, seeker.desired_industries or 0)
    if industries:
        result.append(
            Criterion(
                "m_industry",
                _when(Q(industry__in=industries), POINTS_INDUSTRY),
                lambda posting, points: (
                    _("希望の業種（%(industry)s）です")
                    % {"industry": posting.get_industry_display()}
                ),
            )
        )
    jobs = split_terms(seeker.desired_jobs)[:MAX_TERMS]
    for index, job in enumerate(jobs):
        result.append(
            Criterion(
                f"m_job_{index}",
                _when(_contains("title", job), POINTS_JOB),
                lambda posting, points, job=job: (
                    _("希望の仕事（%(job)s）に合う職種です") % {"job": job}
                ),
            )
        )
    wards = split_terms(seeker.desired_wards)
    if wards:
        result.append(
            Criterion(
                "m_ward",
                _when(Q(ward__in=wards), POINTS_WARD),
                lambda posting, points: _("希望の地域（%(ward)s）です") % {"ward": posting.ward},
            )
        )
    types = from_mask(EmploymentType, seeker.employment_types or 0)
    if types:
        result.append(
            Criterion(
                "m_type",
                _when(Q(employment_type__in=types), POINTS_EMPLOYMENT_TYPE),
                lambda posting, points: (
                    _("希望の雇用形態（%(type)s）です")
                    % {"type": posting.get_employment_type_display()}
                ),
            )
        )
    if seeker.needs_housing:
        result.append(
            Criterion(
                "m_housing",
                _when(Q(dormitory=True) | Q(company_housing=True), POINTS_HOUSING),
                lambda posting, points: _housing_text(posting),
            )
        )
        result.append(
            Criterion(
                "m_meals",
                _when(Q(meals=True), POINTS_MEALS),
                lambda posting, points: _("食事の提供があります"),
            )
        )
    for index, licence in enumerate(split_terms(seeker.licences)[:MAX_TERMS]):
        result.append(
            Criterion(
                f"m_licence_{index}",
                _when(_contains("qualifications", licence), POINTS_LICENCE),
                lambda posting, points, licence=licence: (
                    _("お持ちの資格（%(licence)s）が必要な資格に書かれています")
                    % {"licence": licence}
                ),
            )
        )
    result.append(
        Criterion(
            "m_recent",
            Case(
                When(
                    published_at__gte=now - datetime.timedelta(days=RECENT_DAYS),
                    then=Value(POINTS_RECENT),
                ),
                When(
                    published_at__gte=now - datetime.timedelta(days=FAIRLY_RECENT_DAYS),
                    then=Value(POINTS_FAIRLY_RECENT),
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
            lambda posting, points: (
                _("公開から2週間以内の新しい求人です")
                if points == POINTS_RECENT
                else _("公開から1か月以内の求人です")
            ),
        )
    )
    return result


def _housing_text(posting: JobPosting) -> str:
    if posting.dormitory and posting.company_housing:
        return _("寮と社宅があります")
    if posting.dormitory:
        return _("寮があります")
    return _("社宅があります")


# --- the results -------------------------------------------------------------------------------


@dataclass
class Match:
    """A posting for the seeker: its score, why it fits, and what to watch out for."""

    posting: JobPosting
    score: int
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)


@dataclass
class Exclusion:
    """A posting the hard filters keep from the seeker, and why."""

    posting: JobPosting
    reasons: list[str]


def _status_reasons(seeker: JobSeeker, posting: JobPosting) -> list[str]:
    reasons = []
    if seeker.offences and not posting.excluded_offences:
        reasons.append(_("前歴による応募の制限はありません"))
    if seeker.legal_status in UNDER_SUPERVISION:
        reasons.append(_("保護観察中の方の応募を受け付けています"))
    if seeker.legal_status == LegalStatus.JUVENILE:
        reasons.append(_("少年の応募を受け付けています"))
    return reasons


def _cautions(seeker: JobSeeker, posting: JobPosting) -> list[str]:
    cautions = []
    if seeker.needs_housing and not posting.housing_provided:
        cautions.append(_("寮・社宅はありません（住まいは別に探す必要があります）"))
    return cautions


def matched_postings(seeker: JobSeeker, *, today=None, now=None) -> tuple[QuerySet, list]:
    """The postings that pass the hard filters, with each criterion's points and `score`
    annotated and ordered best first (a lazy queryset), and the criteria used."""
    scored = criteria(seeker, now=now)
    postings = _with_offence_hit(
        candidate_postings(seeker.local_government_id, today=today), seeker
    )
    postings = _with_scores(postings.filter(_hard_filter(seeker)), scored)
    return postings.order_by("-score", "-published_at", "-id"), scored


def _with_scores(postings: QuerySet, scored: list[Criterion]) -> QuerySet:
    """Each criterion's points and their sum `score`, annotated."""
    postings = postings.annotate(**{criterion.name: criterion.points for criterion in scored})
    total = Value(0, output_field=IntegerField())
    for criterion in scored:
        total = total + F(criterion.name)
    return postings.annotate(score=total)


def _ranked_ids(page: QuerySet) -> list[int]:
    """Run the ranking query. On PostgreSQL it runs in one process: a parallel plan sorts
    every passing posting in each worker before the page is cut (measured: 200 ms for
    100,000 postings), while one process keeps only the best rows in a top-N heap (≈120 ms
    on the same loaded machine; docs/benchmarks.md). It reads the body's postings through
    the covering index `employment_jobposting_match_cover` (migration 0005): an index-only
    scan of narrow tuples takes about half the time of reading the wide rows, but when one
    body holds most of the table the planner estimates a table scan as slightly cheaper, so
    table scans are ruled out for this one statement."""
    if connection.vendor != "postgresql":
        return list(page)
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL of both, in one statement
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true), "
            "set_config('enable_seqscan', 'off', true)"
        )
        return list(page)


def match(seeker: JobSeeker, limit: int = 20, offset: int = 0, *, today=None, now=None):
    """Return the `limit` best postings for `seeker` (from `offset`) as Match objects, best
    first, each with its score and reasons. Two queries whatever the number of postings:
    the ranking reads only ids, scores and sort keys (narrow rows, so the database keeps
    just the best `limit` in memory instead of sorting every passing posting), then the page's
    postings are fetched with their employer and their criteria's points."""
    postings, scored = matched_postings(seeker, today=today, now=now)
    ids = _ranked_ids(postings.values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    # the page by id: its points again (cheap for `limit` rows), without the filters
    page = _with_scores(JobPosting.objects.filter(pk__in=ids), scored)
    by_pk = page.select_related("employer").in_bulk(ids)
    results = []
    for posting in (by_pk[pk] for pk in ids):
        reasons = [
            criterion.explain(posting, getattr(posting, criterion.name))
            for criterion in scored
            if getattr(posting, criterion.name)
        ]
        reasons += _status_reasons(seeker, posting)
        results.append(
            Match(
                posting=posting,
                score=posting.score,
                reasons=reasons,
                cautions=_cautions(seeker, posting),
            )
        )
    return results


@dataclass(frozen=True)
class Counts:
    matched: int  # postings that pass the hard filters
    excluded: int  # postings the hard filters remove


def counts(seeker: JobSeeker, *, today=None) -> Counts:
    """How many postings fit the seeker and how many the hard filters remove (one query)."""
    postings = _with_offence_hit(
        candidate_postings(seeker.local_government_id, today=today), seeker
    )
    if not _has_hard_rules(seeker):
        return Counts(matched=postings.count(), excluded=0)
    hard = _hard_filter(seeker)
    result = postings.aggregate(
        matched=Count("pk", filter=hard), excluded=Count("pk", filter=~hard)
    )
    return Counts(matched=result["matched"], excluded=result["excluded"])


def _excluded_postings(seeker: JobSeeker, *, today=None) -> QuerySet:
    postings = _with_offence_hit(
        candidate_postings(seeker.local_government_id, today=today), seeker
    )
    if not _has_hard_rules(seeker):
        return postings.none()
    return postings.exclude(_hard_filter(seeker))


def excluded(seeker: JobSeeker, limit: int = 50, offset: int = 0, *, today=None):
    """Return up to `limit` postings the hard filters keep from `seeker` (newest first), as
    Exclusion objects with the reasons in plain Japanese. One query."""
    postings = _excluded_postings(seeker, today=today).select_related("employer")
    page = postings.order_by("-published_at", "-id")[offset : offset + limit]
    return [
        Exclusion(posting=posting, reasons=exclusion_reasons(seeker, posting)) for posting in page
    ]


# --- for an employer: how many seekers a posting fits -------------------------------------------


@dataclass(frozen=True)
class SeekerCount:
    """A number of seekers an employer may see: the count, or None below SMALL_CELL (shown as
    「5人未満」 so that a single person cannot be singled out)."""

    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        if self.count is None:
            return _("%(limit)s人未満") % {"limit": SMALL_CELL}
        return _("%(count)s人") % {"count": self.count}


def suppressed(count: int) -> SeekerCount:
    return SeekerCount(None if count < SMALL_CELL else count)


def accepts(posting: JobPosting, seeker: JobSeeker) -> bool:
    """Whether the posting's hard rules let the seeker apply (no offence it excludes, a status
    it welcomes), compared in Python: the seeker's offences and status are encrypted at rest."""
    if posting.excluded_offences & (seeker.offences or 0):
        return False
    if seeker.legal_status in UNDER_SUPERVISION and not posting.probation_welcome:
        return False
    return not (seeker.legal_status == LegalStatus.JUVENILE and not posting.juveniles_welcome)


def _wanting_the_industry(posting: JobPosting) -> QuerySet:
    return (
        JobSeeker.objects.filter(local_government_id=posting.local_government_id, is_active=True)
        .annotate(
            industry_hit=F("desired_industries").bitand(Value(bit(Industry, posting.industry)))
        )
        .filter(industry_hit__gt=0)
    )


def _has_seeker_rules(posting: JobPosting) -> bool:
    return bool(posting.excluded_offences) or not (
        posting.probation_welcome and posting.juveniles_welcome
    )


def matching_seekers(posting: JobPosting) -> list[JobSeeker]:
    """The active seekers of the posting's local government whom the posting accepts (no
    offence it excludes, a status it welcomes) and who want its industry. For counting only:
    an employer never sees a seeker. The industry is filtered in SQL; the offences and status,
    being encrypted, are decrypted and compared here."""
    seekers = _wanting_the_industry(posting)
    if not _has_seeker_rules(posting):
        return list(seekers.only("pk"))
    return [
        seeker
        for seeker in seekers.only("pk", "offences", "legal_status").iterator(chunk_size=2000)
        if accepts(posting, seeker)
    ]


def matching_seekers_count(posting: JobPosting) -> SeekerCount:
    """The number of active seekers the posting fits, for its employer: never below 5, never
    anything about who they are. Render it as `{{ count }}` (it says 「12人」 or 「5人未満」).
    A posting without rules on offences or status is counted in SQL."""
    if not _has_seeker_rules(posting):
        return suppressed(_wanting_the_industry(posting).count())
    return suppressed(len(matching_seekers(posting)))
