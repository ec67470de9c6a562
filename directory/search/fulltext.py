"""Search the public directory in Japanese, over a real full-text index (docs/search.md).

Every service keeps its analysed tokens in Service.search_text (directory/search/analysis.py).
SQLite indexes them in the FTS5 table directory_service_fts (rowid = service id), which this
module keeps in step: writers call reindex_service() after saving a service (or
reindex_services() after a bulk load), and a deleted service leaves the index through the
post_delete receiver below. PostgreSQL indexes the column itself with a GIN expression index
(migration 0002, PG_VECTOR), so saving search_text is enough.

A query is split into terms that must all match; each term matches as a word, inside a longer
text (a phrase of bigrams), through its dictionary form or through a synonym. Results are
the public (published, active, of a published organization) services of one local
government, those whose name matches first, then by the database's rank."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.models import LocalGovernment
from core.text import fold
from directory.models import ReviewStatus, Service, ServiceAtLocation, Status
from directory.search.analysis import Alternative, index_text, query_terms

FTS_TABLE = "directory_service_fts"
PREFETCH = (
    "phones",
    "schedules",
    # places with their location in one query (a join), then the addresses
    Prefetch("service_at_locations", ServiceAtLocation.objects.select_related("location")),
    "service_at_locations__location__addresses",
    "terms",
)
BATCH = 500


# --- indexing -------------------------------------------------------------------------------


def search_text_for(service: Service, *, organization, terms, wards: Iterable[str]) -> str:
    """Return the search tokens of a service given its organization, terms and wards (for
    callers that hold them already, such as bulk loaders)."""
    terms = list(terms)
    return index_text(
        [service.name, service.alternate_name],  # weighted: the name counts more
        [
            service.description,
            service.plain_description,
            service.eligibility_description,
            service.application_process,
            organization.name,
            organization.alternate_name,
            *(term.name for term in terms),
            *(term.plain_name for term in terms),
            *wards,
        ],
    )


def service_search_text(service: Service) -> str:
    """Return the space-separated search tokens of a saved service (what search_text
    holds): its texts, its organization's name, its terms' names and its wards."""
    return search_text_for(
        service,
        organization=service.organization,
        terms=service.terms.all(),
        wards=[place.location.ward for place in service.service_at_locations.all()],
    )


def write_index(rows: Iterable[tuple[int, str]]) -> None:
    """Store (service id, search_text) rows in SQLite's FTS table; PostgreSQL's expression
    index follows the column by itself."""
    rows = list(rows)
    if connection.vendor != "sqlite" or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _ in rows])
        cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, search_text) VALUES (%s, %s)", rows)


def reindex_service(service: Service) -> None:
    """Recompute a saved service's search text and index it (call after every change of the
    service, its organization's name, its terms or its places)."""
    text = service_search_text(service)
    Service.objects.filter(pk=service.pk).update(search_text=text)  # derived: no updated_at
    service.search_text = text
    write_index([(service.pk, text)])


def reindex_services(services: QuerySet[Service] | None = None, *, batch_size: int = BATCH) -> int:
    """Recompute and index the search text of many services (all when None), in batches;
    return how many."""
    services = (services if services is not None else Service.objects.all()).order_by("pk")
    done = 0
    last_pk = 0
    while True:
        batch = list(
            services.filter(pk__gt=last_pk)
            .select_related("organization")
            .prefetch_related("terms", "service_at_locations__location")[:batch_size]
        )
        if not batch:
            return done
        for service in batch:
            service.search_text = service_search_text(service)
        Service.objects.bulk_update(batch, ["search_text"])
        write_index((service.pk, service.search_text) for service in batch)
        done += len(batch)
        last_pk = batch[-1].pk


@receiver(post_delete, sender=Service, dispatch_uid="directory_search_unindex")
def _unindex_deleted_service(sender, instance, using, **kwargs):
    from django.db import connections

    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [instance.pk])


# --- queries --------------------------------------------------------------------------------


def _fts5_query(terms: list[list[Alternative]]) -> str:
    def alternative(alt: Alternative) -> str:
        quoted = '"' + " ".join(alt.tokens) + '"'  # several tokens: a phrase
        return quoted + "*" if alt.prefix else quoted

    return " AND ".join("(" + " OR ".join(map(alternative, alts)) + ")" for alts in terms)


def _tsquery(terms: list[list[Alternative]]) -> str:
    def alternative(alt: Alternative) -> str:
        quoted = [f"'{token}'" for token in alt.tokens]  # tokens hold letters and digits only
        if alt.prefix:
            return quoted[0] + ":*"
        return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"

    return " & ".join("(" + " | ".join(map(alternative, alts)) + ")" for alts in terms)


def public_services(local_government: LocalGovernment) -> QuerySet[Service]:
    """Published, active services of published organizations (as the portal shows them)."""
    return Service.objects.filter(
        local_government=local_government,
        review_status=ReviewStatus.PUBLISHED,
        status=Status.ACTIVE,
        organization__review_status=ReviewStatus.PUBLISHED,
    )


def _with_terms(services: QuerySet[Service], terms: list[str] | None) -> QuerySet[Service]:
    """Services tagged with every term: a code (any kind) or kind:code (need:family)."""
    through = Service.terms.through.objects
    for term in terms or []:
        kind, _, code = term.rpartition(":")
        tagged = through.filter(service_id=OuterRef("pk"), taxonomyterm__code=code)
        if kind:
            tagged = tagged.filter(taxonomyterm__taxonomy__kind=kind)
        services = services.filter(Exists(tagged))
    return services


def matching_services(
    local_government: LocalGovernment, query: str, *, terms: list[str] | None = None
) -> QuerySet[Service]:
    """The public services matching `query` (non-empty) and `terms`, annotated with `rank`
    (higher is better), unordered: the one query that reads the full-text index."""
    return _matching(local_government, query_terms(query), terms)


# The expression of PostgreSQL's GIN index (migration 0002), which queries must use as written:
# to_tsvector('simple', 'ｌｇ<local government id> ' || search_text) in a function declared
# costly. A query asks for the body's token AND its terms, so one index scan returns only
# that body's matches (0.3 ms at N=1,741) instead of parsing each of the body's texts.
PG_VECTOR = (
    "directory_search_vector(directory_service.local_government_id, directory_service.search_text)"
)


def tenant_token(local_government: LocalGovernment) -> str:
    return f"ｌｇ{local_government.pk}"  # i18n-data: see PG_VECTOR


def text_match(
    local_government: LocalGovernment, parsed: list[list[Alternative]]
) -> tuple[RawSQL, RawSQL]:
    """The condition (read from the full-text index) and the rank (higher is better) of a
    parsed, non-empty query in one local government, for the database in use."""
    if connection.vendor == "postgresql":
        tsquery = f"'{tenant_token(local_government)}' & ({_tsquery(parsed)})"
        return (
            RawSQL(f"{PG_VECTOR} @@ to_tsquery('simple', %s)", [tsquery], BooleanField()),
            RawSQL(f"ts_rank({PG_VECTOR}, to_tsquery('simple', %s))", [tsquery], FloatField()),
        )
    match = _fts5_query(parsed)
    return (
        RawSQL(
            f"directory_service.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            [match],
            BooleanField(),
        ),
        RawSQL(
            f"SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = directory_service.id",
            [match],
            FloatField(),
        ),
    )


def _matching(
    local_government: LocalGovernment, parsed: list[list[Alternative]], terms: list[str] | None
) -> QuerySet[Service]:
    condition, rank = text_match(local_government, parsed)
    services = _with_terms(public_services(local_government), terms)
    return services.filter(condition).annotate(rank=rank).order_by()


def _name_matches(name: str, terms: list[list[Alternative]]) -> int:
    folded = fold(name)
    return sum(1 for alts in terms if any(alt.text in folded for alt in alts))


def ranked_service_ids(
    local_government: LocalGovernment,
    query: str,
    *,
    terms: list[str] | None = None,
    limit: int | None = None,
) -> list[int]:
    """The ids of the public services matching `query` (and tagged with every term in
    `terms`), best first: services whose name matches more of the query first, then by the
    index's rank. One query, reading only the columns the ranking needs; callers fetch the
    rows they show with their own prefetching. An empty query matches nothing."""
    return _ranked_ids(local_government, query_terms(query), terms, limit)


def _ranked_ids(
    local_government: LocalGovernment,
    parsed: list[list[Alternative]],
    terms: list[str] | None,
    limit: int | None,
) -> list[int]:
    if not parsed:
        return []
    rows = list(
        _matching(local_government, parsed, terms).values_list("pk", "rank", "name", "position")
    )
    rows.sort(key=lambda row: (-_name_matches(row[2], parsed), -(row[1] or 0), row[3], row[0]))
    return [row[0] for row in rows[:limit]]


def search_services(
    local_government: LocalGovernment,
    query: str = "",
    *,
    terms: list[str] | None = None,
    limit: int | None = None,
) -> list[Service]:
    """Return the public services of `local_government` that match `query` and are tagged
    with every term in `terms`, best first (see `ranked_service_ids`). An empty query lists
    the services of the terms in their order. Phones, hours, places and terms come
    prefetched (a fixed number of queries)."""
    parsed = query_terms(query)
    if not parsed:
        services = _with_terms(public_services(local_government), terms).order_by("position", "pk")
        if limit is not None:
            services = services[:limit]
        return list(services.select_related("organization").prefetch_related(*PREFETCH))
    ids = _ranked_ids(local_government, parsed, terms, limit)
    by_pk = Service.objects.select_related("organization").in_bulk(ids)
    found = [by_pk[pk] for pk in ids]
    prefetch_related_objects(found, *PREFETCH)
    return found
