"""Access-matrix rows of the public help portal (merged into directory/tests/access_rows.py):
everyone, signed in or not, may use every page; there is nothing else to protect here
(public pages show published, active services only; see test_portal.py)."""

from core.testing.matrix import everyone
from directory.models import Taxonomy
from directory.tests.factories import ServiceFactory, TaxonomyFactory, TaxonomyTermFactory


def _need(city):
    return TaxonomyTermFactory(
        taxonomy=TaxonomyFactory(local_government=city.lg, kind=Taxonomy.Kind.NEED),
        code="housing",
        name="住まい",
    )


def _lg_with_need(city) -> dict:
    _need(city)
    return {"lg": city.lg.slug}


def _need_kwargs(city) -> dict:
    return {"lg": city.lg.slug, "code": _need(city).code}


def _service_kwargs(city) -> dict:
    service = ServiceFactory(
        local_government=city.lg, organization__local_government=city.lg, terms=[_need(city)]
    )
    return {"lg": city.lg.slug, "pk": service.pk}


ROWS = {
    "help:index": everyone(kwargs="lg"),
    "help:need": everyone(kwargs=_need_kwargs),
    "help:service": everyone(kwargs=_service_kwargs),
    "help:service_sheet": everyone(kwargs=_service_kwargs),
    "help:navigator": everyone(kwargs=_lg_with_need, data={"needs": "housing"}),
    "help:navigator_sheet": everyone(kwargs=_lg_with_need, data={"needs": "housing"}),
    "help:search": everyone(kwargs="lg", data={"q": "住まい"}),
}
