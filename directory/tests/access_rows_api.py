"""Access-matrix rows of the HSDS API (merged into directory/tests/access_rows.py): read-only
and public, so everyone, signed in or not, gets the same published data."""

from core.testing.matrix import everyone
from directory.tests.factories import ServiceFactory, TaxonomyTermFactory


def _service(city) -> dict:
    service = ServiceFactory(organization__local_government=city.lg)
    return {"lg": city.lg.slug, "id": service.hsds_id}


def _organization(city) -> dict:
    service = ServiceFactory(organization__local_government=city.lg)
    return {"lg": city.lg.slug, "id": service.organization.hsds_id}


def _taxonomy(city) -> dict:
    term = TaxonomyTermFactory(local_government=city.lg, taxonomy__local_government=city.lg)
    return {"lg": city.lg.slug, "id": term.taxonomy.hsds_id}


def _term(city) -> dict:
    term = TaxonomyTermFactory(local_government=city.lg, taxonomy__local_government=city.lg)
    return {"lg": city.lg.slug, "id": term.hsds_id}


ROWS = {
    "hsds_api:root": everyone(kwargs="lg"),
    "hsds_api:service_list": everyone(kwargs="lg", data={"search": "住まい"}),
    "hsds_api:service_detail": everyone(kwargs=_service),
    "hsds_api:organization_list": everyone(kwargs="lg"),
    "hsds_api:organization_detail": everyone(kwargs=_organization),
    "hsds_api:taxonomy_list": everyone(kwargs="lg"),
    "hsds_api:taxonomy_detail": everyone(kwargs=_taxonomy),
    "hsds_api:taxonomy_term_list": everyone(kwargs="lg"),
    "hsds_api:taxonomy_term_detail": everyone(kwargs=_term),
}
