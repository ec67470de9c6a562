"""Read-only Open Referral HSDS 3 API of the public directory (docs/directory.md), following
the specification's openapi.json: /services, /services/{id}, /organizations,
/organizations/{id}, /taxonomies, /taxonomy_terms, with its paging (page, per_page →
total_items, total_pages, page_number, size, first_page, last_page, empty, contents).

Ids are the records' hsds_id. Only published, active services of published organizations
(and published places) are served, whoever asks. A value the data does not give is left out
of the JSON, never invented."""

from __future__ import annotations

import math
import uuid

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.tenancy import local_government_from_slug
from core.web.pagination import MAX_OFFSET, api_param, max_page_size, query_int, reject_empty
from core.web.params import bool_param
from directory.api_serializers import (
    HSDSOrganizationDetailSerializer,
    HSDSOrganizationSerializer,
    HSDSServiceDetailSerializer,
    HSDSServiceSerializer,
    HSDSTaxonomySerializer,
    HSDSTaxonomyTermSerializer,
)
from directory.hsds.export import ADDRESS_WITHOUT_POSTAL_CODE
from directory.hsds.schema import HSDS_VERSION
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search.fulltext import public_services, ranked_service_ids

DEFAULT_PER_PAGE = 50
MAX_QUERY = 100


# --- paging ----------------------------------------------------------------------------------


class HSDSPagination(BasePagination):
    """HSDS paging: ?page=1&per_page=50 → total_items, total_pages, page_number, size,
    first_page, last_page, empty, contents. A page past the last is empty, not an error; a
    page or per_page that is not an integer in range is a 400 (core.web.pagination's parser and
    page-size bound, as the /api/v1/ lists)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.page_number = query_int(request, "page", default=1, minimum=1, maximum=MAX_OFFSET)
        per_page = query_int(
            request, "per_page", default=DEFAULT_PER_PAGE, minimum=1, maximum=max_page_size()
        )
        self.total_items = len(queryset) if isinstance(queryset, list) else queryset.count()
        self.total_pages = max(1, math.ceil(self.total_items / per_page))
        start = (self.page_number - 1) * per_page
        return list(queryset[start : start + per_page]) if start < self.total_items else []

    def get_paginated_response(self, data):
        return Response(
            {
                "total_items": self.total_items,
                "total_pages": self.total_pages,
                "page_number": self.page_number,
                "size": len(data),
                "first_page": self.page_number == 1,
                "last_page": self.page_number >= self.total_pages,
                "empty": self.total_items == 0,
                "contents": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            "properties": {
                "total_items": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"},
                "size": {"type": "integer", "description": "entities in this page"},
                "first_page": {"type": "boolean"},
                "last_page": {"type": "boolean"},
                "empty": {"type": "boolean", "description": "the result set is empty"},
                "contents": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": str(gettext_lazy("ページ番号（1から）")),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_OFFSET, "default": 1},
            },
            {
                "name": "per_page",
                "in": "query",
                "required": False,
                "description": str(
                    gettext_lazy(
                        "1ページの件数（既定 %(default)s、最大 %(max)s）。範囲外や整数でない値は"
                        "400 になります。"
                    )
                    % {"default": DEFAULT_PER_PAGE, "max": max_page_size()}
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": max_page_size(),
                    "default": DEFAULT_PER_PAGE,
                },
            },
        ]


# --- views -----------------------------------------------------------------------------------

TERMS = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
    "taxonomy__kind", "position", "code"
)


def _published_locations():
    return (
        Location.objects.filter(review_status=ReviewStatus.PUBLISHED)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "addresses",
                queryset=Address.objects.exclude(ADDRESS_WITHOUT_POSTAL_CODE).select_related(
                    "location"
                ),
            ),
            Prefetch(
                "phones",
                queryset=Phone.objects.select_related("organization", "service", "location"),
            ),
            Prefetch("schedules", queryset=Schedule.objects.select_related("service", "location")),
        )
    )


def _uuid(request, name: str) -> uuid.UUID | None:
    """A UUID filter: None when absent; a 400 when empty or not a UUID."""
    reject_empty(request, name)
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValidationError({name: [_("UUID の形ではありません。")]}) from None


SEARCH = OpenApiParameter(
    "search", str, description=gettext_lazy("検索語（全角半角・ひらがなカタカナを区別しない）")
)


class _PublicDirectoryView:
    """Public, read-only; the directory of the local government in the URL."""

    tsunagu_access = "public"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    pagination_class = HSDSPagination

    def local_government(self):
        return local_government_from_slug(self.request, self.kwargs["lg"])

    def search_query(self) -> str:
        return self.request.query_params.get("search", "").strip()[:MAX_QUERY]


class APIRoot(_PublicDirectoryView, APIView):
    """What this API is: the HSDS version it follows and where its OpenAPI description is."""

    @extend_schema(
        responses=inline_serializer(
            "HSDSAPIInfo",
            {
                "version": serializers.CharField(),
                "profile": serializers.URLField(),
                "openapi_url": serializers.URLField(),
            },
        )
    )
    def get(self, request, lg: str):
        self.local_government()
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
                "openapi_url": request.build_absolute_uri(reverse("api_schema")),
            }
        )


@extend_schema(
    parameters=[
        SEARCH,
        OpenApiParameter(
            "taxonomy_term_id", OpenApiTypes.UUID, description="tagged with this term"
        ),
        OpenApiParameter(
            "taxonomy_id", OpenApiTypes.UUID, description="tagged with any term of this taxonomy"
        ),
        OpenApiParameter(
            "organization_id", OpenApiTypes.UUID, description="provided by this organization"
        ),
    ]
)
class ServiceList(_PublicDirectoryView, generics.ListAPIView):
    """Services with their one-to-one fields (published, active), in the directory's order or,
    with `search`, best match first."""

    serializer_class = HSDSServiceSerializer

    def get_queryset(self):
        local_government = self.local_government()
        services = public_services(local_government)
        term_id = _uuid(self.request, "taxonomy_term_id")
        taxonomy_id = _uuid(self.request, "taxonomy_id")
        organization_id = _uuid(self.request, "organization_id")
        if term_id:
            services = services.filter(terms__hsds_id=term_id)
        if taxonomy_id:
            tagged = Service.terms.through.objects.filter(
                service_id=OuterRef("pk"), taxonomyterm__taxonomy__hsds_id=taxonomy_id
            )
            services = services.filter(Exists(tagged))
        if organization_id:
            services = services.filter(organization__hsds_id=organization_id)
        query = self.search_query()
        if query:
            ranked = ranked_service_ids(local_government, query)
            allowed = set(services.filter(pk__in=ranked).values_list("pk", flat=True))
            ids = [pk for pk in ranked if pk in allowed]
            return _InOrder(services, ids)
        return services.select_related("organization").order_by("position", "pk")


class _InOrder:
    """Services by id in a given order, fetched a page at a time (for the paginator)."""

    def __init__(self, services, ids: list[int]):
        self.services = services.select_related("organization")
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, page: slice):
        ids = self.ids[page]
        found = self.services.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class ServiceDetail(_PublicDirectoryView, generics.RetrieveAPIView):
    """One service with its organization, phones, schedules, places (with addresses) and
    taxonomy terms (as attributes)."""

    serializer_class = HSDSServiceDetailSerializer

    def get_object(self):
        service = (
            public_services(self.local_government())
            .filter(hsds_id=self.kwargs["id"])
            .select_related("organization")
            .prefetch_related(
                Prefetch(
                    "phones",
                    queryset=Phone.objects.select_related(
                        "organization", "service", "location"
                    ).order_by("position", "pk"),
                ),
                Prefetch(
                    "schedules",
                    queryset=Schedule.objects.select_related("service", "location").order_by("pk"),
                ),
                Prefetch(
                    "service_at_locations",
                    queryset=ServiceAtLocation.objects.filter(
                        location__review_status=ReviewStatus.PUBLISHED
                    )
                    .select_related("service")
                    .prefetch_related(Prefetch("location", queryset=_published_locations()))
                    .order_by("pk"),
                ),
                Prefetch("terms", queryset=TERMS),
            )
            .first()
        )
        if service is None:
            raise Http404("no such service")
        return service


@extend_schema(parameters=[SEARCH])
class OrganizationList(_PublicDirectoryView, generics.ListAPIView):
    """Published organizations with their one-to-one fields."""

    serializer_class = HSDSOrganizationSerializer

    def get_queryset(self):
        organizations = Organization.objects.filter(
            local_government=self.local_government(), review_status=ReviewStatus.PUBLISHED
        ).order_by("position", "name", "pk")
        query = self.search_query()
        if query:
            organizations = organizations.filter(
                Q(name__icontains=query) | Q(alternate_name__icontains=query)
            )
        return organizations


class OrganizationDetail(_PublicDirectoryView, generics.RetrieveAPIView):
    """One organization with its phones, places and public services (id and name)."""

    serializer_class = HSDSOrganizationDetailSerializer

    def get_object(self):
        local_government = self.local_government()
        organization = (
            Organization.objects.filter(
                local_government=local_government,
                review_status=ReviewStatus.PUBLISHED,
                hsds_id=self.kwargs["id"],
            )
            .prefetch_related(
                Prefetch(
                    "phones",
                    queryset=Phone.objects.filter(service__isnull=True, location__isnull=True)
                    .select_related("organization", "service", "location")
                    .order_by("position", "pk"),
                ),
                Prefetch("locations", queryset=_published_locations().order_by("pk")),
                Prefetch(
                    "services",
                    queryset=public_services(local_government).order_by("position", "pk"),
                ),
            )
            .first()
        )
        if organization is None:
            raise Http404("no such organization")
        return organization


@extend_schema(parameters=[SEARCH])
class TaxonomyList(_PublicDirectoryView, generics.ListAPIView):
    """The taxonomies: needs (困りごと), audiences (利用する人) and situations (状況)."""

    serializer_class = HSDSTaxonomySerializer

    def get_queryset(self):
        taxonomies = Taxonomy.objects.filter(local_government=self.local_government()).order_by(
            "kind"
        )
        query = self.search_query()
        return taxonomies.filter(name__icontains=query) if query else taxonomies


class TaxonomyDetail(_PublicDirectoryView, generics.RetrieveAPIView):
    serializer_class = HSDSTaxonomySerializer

    def get_object(self):
        taxonomy = Taxonomy.objects.filter(
            local_government=self.local_government(), hsds_id=self.kwargs["id"]
        ).first()
        if taxonomy is None:
            raise Http404("no such taxonomy")
        return taxonomy


@extend_schema(
    parameters=[
        SEARCH,
        OpenApiParameter("taxonomy_id", OpenApiTypes.UUID, description="terms of this taxonomy"),
        OpenApiParameter("parent_id", OpenApiTypes.UUID, description="children of this term"),
        OpenApiParameter("top_only", bool, description="only terms without a parent"),
    ]
)
class TaxonomyTermList(_PublicDirectoryView, generics.ListAPIView):
    serializer_class = HSDSTaxonomyTermSerializer

    def get_queryset(self):
        terms = TERMS.filter(local_government=self.local_government())
        taxonomy_id = _uuid(self.request, "taxonomy_id")
        parent_id = _uuid(self.request, "parent_id")
        if taxonomy_id:
            terms = terms.filter(taxonomy__hsds_id=taxonomy_id)
        if parent_id:
            terms = terms.filter(parent__hsds_id=parent_id)
        if api_param(bool_param, self.request, "top_only"):
            terms = terms.filter(parent__isnull=True)
        query = self.search_query()
        if query:
            terms = terms.filter(Q(name__icontains=query) | Q(plain_name__icontains=query))
        return terms


class TaxonomyTermDetail(_PublicDirectoryView, generics.RetrieveAPIView):
    serializer_class = HSDSTaxonomyTermSerializer

    def get_object(self):
        term = TERMS.filter(
            local_government=self.local_government(), hsds_id=self.kwargs["id"]
        ).first()
        if term is None:
            raise Http404("no such taxonomy term")
        return term
