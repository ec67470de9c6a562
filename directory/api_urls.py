"""The HSDS 3 API (/api/hsds/<lg>/…). Paths follow the specification's openapi.json, without a
trailing slash (/services, /services/{id})."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from directory import api

app_name = "hsds_api"

urlpatterns = [
    path("", api.APIRoot.as_view(), name="root"),
    path("services", api.ServiceList.as_view(), name="service_list"),
    path("services/<uuid:id>", api.ServiceDetail.as_view(), name="service_detail"),
    path("organizations", api.OrganizationList.as_view(), name="organization_list"),
    path("organizations/<uuid:id>", api.OrganizationDetail.as_view(), name="organization_detail"),
    path("taxonomies", api.TaxonomyList.as_view(), name="taxonomy_list"),
    path("taxonomies/<uuid:id>", api.TaxonomyDetail.as_view(), name="taxonomy_detail"),
    path("taxonomy_terms", api.TaxonomyTermList.as_view(), name="taxonomy_term_list"),
    path("taxonomy_terms/<uuid:id>", api.TaxonomyTermDetail.as_view(), name="taxonomy_term_detail"),
]
