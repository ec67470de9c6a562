"""Reads about cooperating employers for the secretariat's list and detail page. Who may see
them at all is decided here too: the secretariat of the employer's own local government
(another body's employer is a 404)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404

from directory.models import Location
from employment.employers.rules import folded_name
from employment.employers.services import is_secretariat_of
from employment.models import Employer, Hire

EMPLOYER_SORTS = {
    "name": ("name_kana", "name", "pk"),
    "-name": ("-name_kana", "-name", "-pk"),
    "industry": ("industry", "name_kana", "pk"),
    "ward": ("ward", "name_kana", "pk"),
    "applied": ("applied_at", "pk"),
    "-applied": ("-applied_at", "-pk"),
    "registered": (F("registered_on").asc(nulls_last=True), "name_kana", "pk"),
    "-registered": (F("registered_on").desc(nulls_last=True), "name_kana", "pk"),
}
DEFAULT_SORT = "name"


def secretariat_employers(user, local_government) -> QuerySet[Employer]:
    """Every employer of the local government, for its secretariat; nothing for anyone else."""
    if not is_secretariat_of(user, local_government):
        return Employer.objects.none()
    return Employer.objects.filter(local_government=local_government)


def employer_for_secretariat(user, local_government, pk: int) -> Employer:
    employer = (
        secretariat_employers(user, local_government)
        .select_related("organization", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if employer is None:
        raise Http404
    return employer


def employer_list(
    employers: QuerySet[Employer],
    *,
    q: str = "",
    status: str = "",
    industry: str = "",
    ward: str = "",
    public: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Employer]:
    """The employers narrowed by the list's filters, each with its number of recorded hires."""
    employers = employers.select_related("organization").annotate(
        hires_recorded=Count("hires", distinct=True)
    )
    if q:
        folded = q.strip()
        employers = employers.filter(
            Q(name__icontains=folded)
            | Q(name_kana__icontains=folded)
            | Q(address__icontains=folded)
            | Q(contact_name__icontains=folded)
        )
    if status:
        employers = employers.filter(status=status)
    if industry:
        employers = employers.filter(industry=industry)
    if ward:
        employers = employers.filter(ward=ward)
    if public == "yes":
        employers = employers.filter(is_public=True)
    elif public == "no":
        employers = employers.filter(is_public=False)
    return employers.order_by(*EMPLOYER_SORTS.get(sort, EMPLOYER_SORTS[DEFAULT_SORT]))


def status_counts(local_government) -> dict[str, int]:
    rows = (
        Employer.objects.filter(local_government=local_government)
        .values("status")
        .annotate(count=Count("pk"))
    )
    counts = {status: 0 for status in Employer.Status.values}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def wards(local_government) -> list[str]:
    """The wards named by the local government's employers and by its directory's places,
    for the ward filter and the address form's suggestions."""

    names = set(
        Employer.objects.filter(local_government=local_government)
        .exclude(ward="")
        .values_list("ward", flat=True)
        .distinct()
    )
    names |= set(
        Location.objects.filter(local_government=local_government)
        .exclude(ward="")
        .values_list("ward", flat=True)
        .distinct()
    )
    return sorted(names)


@dataclass(frozen=True)
class HiringRecord:
    before_registration: int
    recorded: int
    still_employed: int

    @property
    def total(self) -> int:
        return self.before_registration + self.recorded


def hiring_record(employer: Employer) -> HiringRecord:
    """People hired: before the system (as reported) and recorded in it (Hire rows)."""
    counts = Hire.objects.filter(employer=employer).aggregate(
        recorded=Count("pk"), still=Count("pk", filter=Q(left_on__isnull=True))
    )
    return HiringRecord(
        before_registration=employer.hires_before_registration,
        recorded=counts["recorded"],
        still_employed=counts["still"],
    )


def same_name(employer: Employer) -> list[Employer]:
    """Other employers of the local government with the same name (a second application,
    or a registered employer applying again), ignoring spaces, case and width."""
    key = folded_name(employer.name)
    without_spaces = Replace(Replace("name", Value(" ")), Value("\u3000"))
    candidates = (
        Employer.objects.filter(local_government_id=employer.local_government_id)
        .annotate(compact=without_spaces)
        .filter(compact__iexact=re.sub(r"\s+", "", employer.name))
        .exclude(pk=employer.pk)
        .only("pk", "name", "status")
    )
    return [other for other in candidates if folded_name(other.name) == key]
