"""Root URLs. Fixed prefixes come first; a local government's public pages live under its
slug (see core.tenancy.RESERVED_SLUGS and docs/adr/0002-tenancy.md)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.urls import staff_patterns
from core.access import public
from core.urls import opendata_patterns

api_schema = public(SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]))
# The split view serves Swagger UI's start-up script as a file (?script): the CSP allows no
# inline script (docs/adr/0011-content-security-policy.md).
api_docs = public(
    SpectacularSwaggerSplitView.as_view(
        url_name="api_schema",
        template_name="core/api_docs.html",
        permission_classes=[],
        authentication_classes=[],
    )
)

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("staff/", include(staff_patterns)),
    path("staff/jobs/", include("core.jobs.urls")),
    path("staff/accounts/", include("accounts.people.urls")),
    path("staff/plan/", include("plans.staff_urls")),
    path("staff/pdca/meetings/", include("pdca.meetings.urls")),
    path("staff/pdca/compiled/", include("pdca.compiled.urls")),
    path("staff/pdca/", include("pdca.urls")),
    path("staff/statistics/", include("stats.staff_urls")),
    path("staff/directory/", include("directory.back_office.urls")),
    path("staff/employment/employers/", include("employment.employers.urls")),
    path("staff/employment/company/", include("employment.employers.company_urls")),
    path("staff/employment/postings/", include("employment.postings.urls")),
    path("staff/employment/magazine/", include("employment.magazine.urls")),
    path("staff/employment/events/", include("employment.events.urls")),
    path("staff/employment/training/", include("employment.events.training_urls")),
    path("staff/employment/seekers/", include("employment.seekers.urls")),
    path("staff/employment/gap/", include("employment.gap.urls")),
    path("staff/employment/", include("employment.staff_urls")),
    path("staff/housing/search/", include("housing.search.urls")),
    path("staff/housing/public-housing/", include("housing.public_housing.urls")),
    path("staff/housing/", include("housing.homes.urls")),
    path("staff/campaigns/", include("campaigns.events.urls")),
    path("staff/volunteers/", include("campaigns.volunteers.urls")),
    path("staff/support/", include("coordination.cases.urls")),
    path("staff/support/", include("coordination.consents.urls")),
    path("staff/support/", include("coordination.referrals.urls")),
    path("staff/support/", include("coordination.support.urls")),
    path("staff/support/", include("coordination.housing.urls")),
    path("staff/support/", include("coordination.applications.urls")),
    path("api/schema/", api_schema, name="api_schema"),
    path("api/docs/", api_docs, name="api_docs"),
    path("api/v1/<slug:lg>/", include("plans.api_urls")),
    path("api/v1/<slug:lg>/statistics/", include("stats.api_urls")),
    path("api/hsds/<slug:lg>/", include("directory.api_urls")),
    path("api/v1/<slug:lg>/jobs/", include("employment.api_urls")),
    path("api/v1/<slug:lg>/support/", include("coordination.api_urls")),
    path("<slug:lg>/plan/", include("plans.urls")),
    path("<slug:lg>/plan/", include("pdca.indicators.public_urls")),
    path("<slug:lg>/progress/", include("pdca.compiled.public_urls")),
    path("<slug:lg>/statistics/", include("stats.urls")),
    path("<slug:lg>/help/", include("directory.portal.urls")),
    path("<slug:lg>/jobs/gap/", include("employment.gap.public_urls")),
    path("<slug:lg>/jobs/", include("employment.postings.board_urls")),
    path("<slug:lg>/employers/", include("employment.employers.apply_urls")),
    path("<slug:lg>/housing/", include("housing.public.urls")),
    path("<slug:lg>/campaigns/", include("campaigns.events.public_urls")),
    path("<slug:lg>/opendata/", include(opendata_patterns)),
    # Last: "/" and "/<lg>/" would otherwise shadow the fixed prefixes above.
    path("", include("core.urls")),
]

handler400 = "core.web.errors.bad_request"
handler403 = "core.web.errors.permission_denied"
handler404 = "core.web.errors.page_not_found"
handler500 = "core.web.errors.server_error"
