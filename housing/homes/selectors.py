"""Reads of the staff pages of providers and their homes. Every read takes the user: a
housing provider sees only its own organization's profile and homes, the secretariat every
provider and home of its body; anything else is 404 (as if it did not exist)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organization
from core.access import has_role, is_secretariat_of
from core.fields.choice_masks import bit
from core.roles import Role
from directory.models import Address, Phone
from directory.models import Organization as DirectoryOrganization
from housing.models import (
    NATIONAL_MIN_FLOOR_AREA,
    Acceptance,
    HousingProvider,
    HousingRules,
    LocalAcceptance,
    ProviderService,
    SafetyNetHome,
)

# The national list in groups, as the home form shows it (the order of the registration).
ACCEPTANCE_GROUPS = [
    (
        "income",
        [Acceptance.LOW_INCOME, Acceptance.LOW_INCOME_WELFARE, Acceptance.NEEDY],
    ),
    (
        "age_disability",
        [
            Acceptance.ELDERLY,
            Acceptance.PHYSICAL_DISABILITY,
            Acceptance.INTELLECTUAL_DISABILITY,
            Acceptance.MENTAL_DISABILITY,
            Acceptance.OTHER_DISABILITY,
        ],
    ),
    (
        "household",
        [Acceptance.CHILD_REARING, Acceptance.FOREIGN, Acceptance.CHINA_RETURNEES],
    ),
    (
        "harm",
        [
            Acceptance.DISASTER,
            Acceptance.CRIME_VICTIMS,
            Acceptance.DV_VICTIMS,
            Acceptance.PROBATION,
            Acceptance.ABUSED_CHILDREN,
        ],
    ),
]
ACTIVE, INACTIVE = "active", "inactive"


# --- who the user is ---------------------------------------------------------------------------


# the part's pages ask it by this name
is_secretariat = is_secretariat_of


def provider_of(user) -> HousingProvider | None:
    """The provider profile of a housing provider's organization; None for other roles or when
    the secretariat has not registered the organization as a provider yet."""
    if not has_role(user, [Role.HOUSING_PROVIDER]) or user.organization_id is None:
        return None
    return (
        HousingProvider.objects.select_related("organization", "directory_organization")
        .filter(organization_id=user.organization_id, local_government_id=user.local_government_id)
        .first()
    )


# --- homes -----------------------------------------------------------------------------------


def visible_homes(user, local_government) -> QuerySet[SafetyNetHome]:
    """The homes the user keeps: the provider its own, the secretariat all of its body."""
    homes = SafetyNetHome.objects.filter(local_government=local_government).select_related(
        "provider__organization"
    )
    if is_secretariat(user, local_government):
        return homes
    provider = provider_of(user)
    if provider is None or provider.local_government_id != local_government.pk:
        return homes.none()
    return homes.filter(provider=provider)


def home_for(user, local_government, pk: int) -> SafetyNetHome:
    home = visible_homes(user, local_government).filter(pk=pk).first()
    if home is None:
        raise Http404
    return home


@dataclass
class HomeFilters:
    q: str = ""
    provider: int | None = None
    ward: str = ""
    status: str = ""  # "", ACTIVE, INACTIVE
    sort: str = ""


SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "rent": ("rent", "id"),
    "-rent": ("-rent", "-id"),
    "ward": ("ward", "name", "id"),
    "-ward": ("-ward", "name", "id"),
    "vacancies": ("vacancies", "id"),
    "-vacancies": ("-vacancies", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "provider": ("provider__organization__name", "name", "id"),
    "-provider": ("-provider__organization__name", "name", "id"),
}
DEFAULT_SORT = "-updated"


def home_list(homes: QuerySet[SafetyNetHome], filters: HomeFilters) -> QuerySet[SafetyNetHome]:
    if filters.q:
        homes = homes.filter(
            Q(name__icontains=filters.q)
            | Q(address__icontains=filters.q)
            | Q(registration_number__icontains=filters.q)
        )
    if filters.provider:
        homes = homes.filter(provider_id=filters.provider)
    if filters.ward:
        homes = homes.filter(ward=filters.ward)
    if filters.status == ACTIVE:
        homes = homes.filter(is_active=True)
    elif filters.status == INACTIVE:
        homes = homes.filter(is_active=False)
    return homes.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def wards_of(local_government) -> list[str]:
    """The body's wards, then any other ward its homes name (an imported list may use them)."""
    wards = list(local_government.wards or [])
    used = (
        SafetyNetHome.objects.filter(local_government=local_government)
        .exclude(ward="")
        .values_list("ward", flat=True)
        .distinct()
        .order_by("ward")
    )
    return wards + [ward for ward in used if ward not in wards]


# --- accepted attributes and standards ---------------------------------------------------------


@dataclass
class AcceptanceGroup:
    key: str
    label: str
    choices: list[tuple[int, str]] = field(default_factory=list)  # (bit, label)


def group_labels() -> dict[str, str]:
    return {
        "income": _("所得・生活に困っている方"),
        "age_disability": _("高齢者・障害者"),
        "household": _("子育て世帯・外国人など"),
        "harm": _("被災者・被害を受けた方・保護観察対象者等"),
        "local": _("市が追加した住宅確保要配慮者"),
    }


def local_acceptances(local_government) -> QuerySet[LocalAcceptance]:
    return LocalAcceptance.objects.filter(local_government=local_government).order_by("bit")


def acceptance_groups(local_government) -> list[AcceptanceGroup]:
    """The accepted attributes as the form groups them: the national list, then the body's own."""
    labels = group_labels()
    label_of = dict(Acceptance.choices)
    groups = [
        AcceptanceGroup(
            key,
            labels[key],
            [(bit(Acceptance, value).bit_length() - 1, str(label_of[value])) for value in values],
        )
        for key, values in ACCEPTANCE_GROUPS
    ]
    own = [(item.bit, item.label) for item in local_acceptances(local_government)]
    if own:
        groups.append(AcceptanceGroup("local", labels["local"], own))
    return groups


def acceptance_labels(local_government, mask: int, *, local=None) -> list[str]:
    """The labels of the attributes set in `mask`: national first, then the body's own."""
    label_of = dict(Acceptance.choices)
    names = [str(label_of[value]) for i, value in enumerate(Acceptance.values) if mask & (1 << i)]
    own = local if local is not None else local_acceptances(local_government)
    names += [item.label for item in own if mask & (1 << item.bit)]
    return names


def known_acceptance_mask(local_government) -> int:
    mask = (1 << len(Acceptance.values)) - 1
    for item in local_acceptances(local_government):
        mask |= 1 << item.bit
    return mask


def rules_of(local_government) -> HousingRules | None:
    return HousingRules.objects.filter(local_government=local_government).first()


def min_floor_area(local_government):
    """The floor area a home must have: the body's own figure, else the national 25 ㎡."""
    rules = rules_of(local_government)
    return rules.min_floor_area if rules is not None else NATIONAL_MIN_FLOOR_AREA


# --- providers ---------------------------------------------------------------------------------


def providers_of(local_government) -> QuerySet[HousingProvider]:
    return (
        HousingProvider.objects.filter(local_government=local_government)
        .select_related("organization", "directory_organization")
        .annotate(
            homes_count=Count("homes", distinct=True),
            active_homes_count=Count("homes", filter=Q(homes__is_active=True), distinct=True),
        )
        .order_by("organization__name", "id")
    )


def provider_for(user, local_government, pk: int) -> HousingProvider:
    """A provider the secretariat manages (another body's is 404)."""
    if not is_secretariat(user, local_government):
        raise Http404
    provider = providers_of(local_government).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def organizations_without_profile(local_government) -> QuerySet[Organization]:
    """The body's housing-provider organizations (accounts) not yet registered as providers."""
    return Organization.objects.filter(
        local_government=local_government,
        kind=Organization.Kind.HOUSING_PROVIDER,
        housing_provider__isnull=True,
    ).order_by("name")


def directory_organizations(local_government) -> QuerySet[DirectoryOrganization]:
    return DirectoryOrganization.objects.filter(local_government=local_government).order_by("name")


def service_labels(mask: int) -> list[str]:
    label_of = dict(ProviderService.choices)
    return [str(label_of[v]) for i, v in enumerate(ProviderService.values) if mask & (1 << i)]


@dataclass
class DirectoryContact:
    name: str
    phones: list[str]
    addresses: list[str]


def directory_contact(provider: HousingProvider) -> DirectoryContact | None:
    """The phones and addresses of the provider's directory entry (the one source of truth)."""
    entry = provider.directory_organization
    if entry is None:
        return None
    phones = [
        f"{phone.number}" + (f" {_('内線')} {phone.extension}" if phone.extension else "")
        for phone in Phone.objects.filter(organization=entry).order_by("position", "pk")
    ]
    addresses = [
        f"{address.state_province}{address.city}{address.address_1}"
        + (f" {address.address_2}" if address.address_2 else "")
        for address in Address.objects.filter(location__organization=entry).order_by("pk")
    ]
    return DirectoryContact(entry.name, phones, addresses)
