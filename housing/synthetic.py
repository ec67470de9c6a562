"""Housing for synthetic local governments (manage.py seed_synthetic): fictional housing
providers (居住支援法人, landlords, 管理会社; all 架空) and their safety-net homes, a few
市営住宅 rounds and rules.

About 115 homes a body on average (settings.TSUNAGU_SYNTHETIC_HOMES: ≈200,000 at N=1,741),
skewed as the employers are (a log-normal spread: most bodies have a few dozen, a few have
many), held by one provider per 25 homes or so. Rents, layouts and the attributes accepted are
drawn at random; about 70 % of homes accept 保護観察対象者等, 40 % of landlords agreed to a
public listing, one in six homes is not active any more. Positions lie within 10 km of a
centre drawn per body. Everything is written with bulk_create.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from accounts.models import Organization
from core import synthetic
from core.fields.choice_masks import bit
from core.models import LocalGovernment
from housing.models import (
    Acceptance,
    HousingProvider,
    ProviderService,
    PublicHousingRound,
    PublicHousingRule,
    SafetyNetHome,
)

HOMES_SIGMA = 0.9
HOMES_PER_PROVIDER = 25
WARDS = ["中央区", "東区", "西区", "南区", "北区"]
LAYOUTS = [("1R", 10), ("1K", 30), ("1DK", 20), ("1LDK", 12), ("2DK", 15), ("2LDK", 8), ("3DK", 5)]
NAMES = ["ひまわり", "さくら", "あおぞら", "みどり", "ひかり", "つばさ", "こもれび", "若葉", "朝日"]
BUILDINGS = ["ハイツ", "コーポ", "荘", "アパート", "レジデンス", "マンション"]
PROVIDER_KINDS = [
    (HousingProvider.Kind.SUPPORT_CORPORATION, 20),
    (HousingProvider.Kind.LANDLORD, 45),
    (HousingProvider.Kind.MANAGEMENT_COMPANY, 35),
]
# how often a home accepts each kind of person (the national list, in its order)
ACCEPT_SHARE = {
    Acceptance.LOW_INCOME: 0.9,
    Acceptance.LOW_INCOME_WELFARE: 0.75,
    Acceptance.DISASTER: 0.85,
    Acceptance.ELDERLY: 0.8,
    Acceptance.PHYSICAL_DISABILITY: 0.7,
    Acceptance.INTELLECTUAL_DISABILITY: 0.6,
    Acceptance.MENTAL_DISABILITY: 0.55,
    Acceptance.OTHER_DISABILITY: 0.6,
    Acceptance.CHILD_REARING: 0.85,
    Acceptance.FOREIGN: 0.6,
    Acceptance.CHINA_RETURNEES: 0.6,
    Acceptance.NEEDY: 0.7,
    Acceptance.CRIME_VICTIMS: 0.7,
    Acceptance.DV_VICTIMS: 0.7,
    Acceptance.PROBATION: 0.7,
    Acceptance.ABUSED_CHILDREN: 0.6,
}
PUBLIC_SHARE = 0.4
INACTIVE_SHARE = 0.15


def homes_for_body(rng: random.Random, mean: float) -> int:
    """A skewed count with mean `mean` (log-normal; at least one when mean > 0)."""
    if mean <= 0:
        return 0
    mu = math.log(mean) - HOMES_SIGMA**2 / 2
    return max(1, round(rng.lognormvariate(mu, HOMES_SIGMA)))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _accepts(rng: random.Random) -> int:
    mask = 0
    for value, share in ACCEPT_SHARE.items():
        if rng.random() < share:
            mask |= bit(Acceptance, value)
    return mask


def _offset(rng: random.Random, centre: tuple[float, float], km: float) -> tuple[Decimal, Decimal]:
    distance = km * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    lat = centre[0] + distance * math.cos(angle) / 111.0
    lon = centre[1] + distance * math.sin(angle) / (111.0 * math.cos(math.radians(centre[0])))
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def seed_housing(
    local_governments: list[LocalGovernment],
    rng: random.Random,
    *,
    homes_per_body: float | None = None,
    exact: bool = False,
    batch_size: int = 5000,
) -> None:
    """Fill each body with fictional providers and homes (`homes_per_body` on average, or
    exactly that many with `exact`: the benchmark's Kumamoto), and 市営住宅 rounds and rules."""
    mean = settings.TSUNAGU_SYNTHETIC_HOMES if homes_per_body is None else homes_per_body
    today = timezone.localdate()
    counts = {
        lg.pk: (round(mean) if exact else homes_for_body(rng, mean)) for lg in local_governments
    }
    organizations = []
    for lg in local_governments:
        providers = max(1, math.ceil(counts[lg.pk] / HOMES_PER_PROVIDER)) if counts[lg.pk] else 0
        organizations += [
            Organization(
                local_government=lg,
                kind=Organization.Kind.HOUSING_PROVIDER,
                name=f"{rng.choice(NAMES)}住まい{number}（架空）",
                is_fictional=True,
            )
            for number in range(1, providers + 1)
        ]
    Organization.objects.bulk_create(organizations, batch_size=batch_size)
    providers = [
        HousingProvider(
            local_government_id=organization.local_government_id,
            organization=organization,
            kind=_weighted(rng, PROVIDER_KINDS),
            services=sum(
                1 << index for index in range(len(ProviderService.values)) if rng.random() < 0.5
            ),
            is_fictional=True,
        )
        for organization in organizations
    ]
    HousingProvider.objects.bulk_create(providers, batch_size=batch_size)
    by_body: dict[int, list[HousingProvider]] = {}
    for provider in providers:
        by_body.setdefault(provider.local_government_id, []).append(provider)

    homes = []
    for lg in local_governments:
        centre = (rng.uniform(31.5, 43.0), rng.uniform(130.0, 142.0))
        for number in range(1, counts[lg.pk] + 1):
            layout = _weighted(rng, LAYOUTS)
            area = Decimal(rng.randrange(2500, 6500)) / 100 if layout != "1R" else Decimal("25")
            units = rng.choice((1, 2, 4, 6, 8, 12, 20))
            latitude, longitude = _offset(rng, centre, 10.0)
            homes.append(
                SafetyNetHome(
                    local_government=lg,
                    provider=rng.choice(by_body[lg.pk]),
                    registration_number=f"架空-{lg.code}-{number:06d}",
                    name=f"{rng.choice(NAMES)}{rng.choice(BUILDINGS)}{number}（架空）",
                    address=f"{lg.name}架空町{rng.randint(1, 9)}丁目{rng.randint(1, 30)}",
                    ward=rng.choice(WARDS),
                    latitude=latitude,
                    longitude=longitude,
                    rent=rng.randrange(25_000, 90_000, 500),
                    common_fee=rng.choice((0, 0, 1000, 2000, 3000, 5000)),
                    deposit=rng.choice((0, 0, 30_000, 50_000, 80_000)),
                    floor_area=area,
                    layout=layout,
                    units=units,
                    vacancies=rng.choice((0, 0, 0, 1, 1, min(2, units))),
                    barrier_free=rng.random() < 0.2,
                    pets_allowed=rng.random() < 0.1,
                    dedicated=rng.random() < 0.05,
                    accepts=_accepts(rng),
                    contact=f"000-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}（架空）",
                    is_public=rng.random() < PUBLIC_SHARE,
                    is_active=rng.random() >= INACTIVE_SHARE,
                    is_fictional=True,
                )
            )
    SafetyNetHome.objects.bulk_create(homes, batch_size=batch_size)

    rounds, rules = [], []
    for lg in local_governments:
        for months_ago in (14, 8, 2, -3):
            start = today - datetime.timedelta(days=30 * months_ago)
            rounds.append(
                PublicHousingRound(
                    local_government=lg,
                    kind=PublicHousingRound.Kind.REGULAR,
                    title=f"市営住宅 定期募集 {start:%Y年%m月}（架空）",
                    application_from=start,
                    application_until=start + datetime.timedelta(days=10),
                    units=rng.randint(10, 80),
                    is_published=True,
                )
            )
        rounds.append(
            PublicHousingRound(
                local_government=lg,
                kind=PublicHousingRound.Kind.ONGOING,
                title="市営住宅 随時募集（架空）",
                application_from=today - datetime.timedelta(days=60),
                is_published=True,
            )
        )
        rules += [
            PublicHousingRule(
                local_government=lg, title=title, body=body, order=order, source_note="架空"
            )
            for order, (title, body) in enumerate(
                [
                    (
                        "優先入居（架空）",
                        "高齢者世帯や障がい者世帯などは、抽せんで優遇されます（架空）。",
                    ),
                    (
                        "連帯保証人（架空）",
                        "緊急連絡人がいれば、連帯保証人なしで入居できます（架空）。",
                    ),
                ],
                start=1,
            )
        ]
    PublicHousingRound.objects.bulk_create(rounds, batch_size=batch_size)
    PublicHousingRule.objects.bulk_create(rules, batch_size=batch_size)


synthetic.register("housing", seed_housing)
