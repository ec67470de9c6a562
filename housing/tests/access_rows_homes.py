"""Access-matrix rows of the homes part (merged by access_rows.py).

The rows' home belongs to the provider profile of the city's housing-provider account
(居住支援法人（架空）): the secretariat and that provider keep it; every other role is refused
(403: supporters find homes through the search, another part). A provider of another
organization of the city, or any role of another body, gets 404 (test_homes.py too).
The providers, the body's own accepted attributes and its standards are the secretariat's."""

from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only
from housing.models import HousingProvider, LocalAcceptance
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory

KEEPERS = (Role.SECRETARIAT, Role.HOUSING_PROVIDER)


def own_provider(city) -> HousingProvider:
    """The provider profile of the city's housing-provider account (made once per test)."""
    organization = city.users[Role.HOUSING_PROVIDER].organization
    provider = HousingProvider.objects.filter(organization=organization).first()
    if provider is None:
        provider = HousingProviderFactory(local_government=city.lg, organization=organization)
    return provider


def _with_provider(city) -> dict:
    own_provider(city)
    return {}


def _home(city) -> dict:
    return {"pk": SafetyNetHomeFactory(provider=own_provider(city)).pk}


def _inactive_home(city) -> dict:
    return {"pk": SafetyNetHomeFactory(provider=own_provider(city), is_active=False).pk}


def _provider(city) -> dict:
    return {"pk": own_provider(city).pk}


def _acceptance(city) -> dict:
    item = LocalAcceptance.objects.create(
        local_government=city.lg, label="刑務所出所者等（架空）", bit=24
    )
    return {"pk": item.pk}


ROWS = {
    "housing:index": staff_only(*KEEPERS, kwargs=_with_provider),
    "housing:home_csv": staff_only(*KEEPERS, kwargs=_with_provider),
    "housing:home_create": staff_only(
        *KEEPERS,
        kwargs=_with_provider,
        post=page_form(
            lambda city: {"provider": own_provider(city).pk},
            succeeds=True,
            name="架空ハイツ（マトリクス）",
            address="熊本市中央区架空町2-2（架空）",
            rent="40000",
            floor_area="30",
            layout="1K",
        ),
    ),
    "housing:home_detail": staff_only(*KEEPERS, kwargs=_home),
    "housing:home_edit": staff_only(*KEEPERS, kwargs=_home),
    "housing:home_deactivate": staff_only(*KEEPERS, ok=REDIRECT, kwargs=_home, method="post"),
    "housing:home_reactivate": staff_only(
        *KEEPERS, ok=REDIRECT, kwargs=_inactive_home, method="post"
    ),
    "housing:import": staff_only(*KEEPERS, kwargs=_with_provider),
    "housing:import_template": staff_only(*KEEPERS, kwargs=_with_provider),
    "housing:providers": staff_only(Role.SECRETARIAT),
    "housing:provider_create": staff_only(
        Role.SECRETARIAT,
        post=page_form(
            succeeds=True, organization_name="新しい居住支援法人（架空）", kind="landlord"
        ),
    ),
    "housing:provider_detail": staff_only(Role.SECRETARIAT, kwargs=_provider),
    "housing:provider_edit": staff_only(Role.SECRETARIAT, kwargs=_provider),
    "housing:own_provider": staff_only(Role.HOUSING_PROVIDER, kwargs=_with_provider),
    "housing:acceptances": staff_only(
        Role.SECRETARIAT, post=page_form(succeeds=True, label="架空の区分")
    ),
    "housing:acceptance_edit": staff_only(Role.SECRETARIAT, kwargs=_acceptance),
    "housing:rules": staff_only(
        Role.SECRETARIAT, post=page_form(succeeds=True, min_floor_area="25", note="")
    ),
}
