"""Fictional housing data for the demo (manage.py seed_demo): the demo housing account's
organization becomes a 居住支援法人 (架空) with eight safety-net homes (架空), some accepting
保護観察対象者等, some public. Every name and address is made up and marked （架空）. Each record
is created once (accounts/demo.py): one a user edited is kept as it is, one a user deleted
stays deleted unless `seed_demo --restore`.

Written directly (no audit entry), like the other demo data: development only (seed_demo
refuses to run in production).

# i18n-data-file: every string here is fictional demo data, not interface text.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction

from accounts import demo
from core.fields.choice_masks import to_mask
from housing.models import Acceptance, HousingProvider, ProviderService, SafetyNetHome

A = Acceptance
PROVIDER_KEY = "housing:provider"

DEMO_PROVIDER = {
    "kind": HousingProvider.Kind.SUPPORT_CORPORATION,
    "designation_number": "架空-0001",
    "established_on": datetime.date(2019, 4, 1),
    "services": to_mask(ProviderService, ProviderService.values),
    "areas": [],
    "note": "デモ用の架空の居住支援法人です。",
    "source_note": "架空",
}

# (name, ward, rent, common fee, floor area, layout, units, vacancies, accepts, public,
#  dedicated, barrier free)
DEMO_HOMES = [
    ("つなぐハイツ（架空）", "中央区", 38000, 3000, "25.50", "1K", 6, 2,
     [A.PROBATION, A.ELDERLY, A.LOW_INCOME, A.LOW_INCOME_WELFARE], True, False, False),
    ("ひだまり荘（架空）", "東区", 32000, 2000, "26.00", "1DK", 4, 1,
     [A.PROBATION, A.NEEDY, A.LOW_INCOME_WELFARE], True, True, False),
    ("みなとコーポ（架空）", "西区", 45000, 4000, "30.00", "1LDK", 8, 0,
     [A.ELDERLY, A.CHILD_REARING, A.PHYSICAL_DISABILITY], True, False, True),
    ("さくらメゾン（架空）", "南区", 41000, 3000, "28.00", "2DK", 5, 3,
     [A.PROBATION, A.ELDERLY, A.MENTAL_DISABILITY, A.DV_VICTIMS], False, False, False),
    ("そよかぜアパート（架空）", "北区", 29000, 1500, "25.00", "1K", 10, 4,
     [A.LOW_INCOME, A.FOREIGN, A.NEEDY], True, False, False),
    ("あおばレジデンス（架空）", "中央区", 52000, 5000, "35.00", "2LDK", 12, 1,
     [A.CHILD_REARING, A.CRIME_VICTIMS, A.DV_VICTIMS], False, False, True),
    ("ゆうあい寮（架空）", "東区", 27000, 1000, "25.00", "1R", 6, 2,
     [A.PROBATION, A.LOW_INCOME_WELFARE, A.INTELLECTUAL_DISABILITY], True, True, True),
    ("こもれび荘（架空）", "北区", 35000, 2000, "27.50", "1DK", 4, 0,
     [A.ELDERLY, A.DISASTER], True, False, False),
]  # fmt: skip


def _exists(model):
    return lambda pk: model.objects.filter(pk=pk).exists()


def ensure_demo_provider(local_government, organization, *, restore=False) -> Counter:
    """Make the demo housing account's organization a fictional provider, once."""
    counts: Counter = Counter()
    if organization is None:
        return counts  # no demo housing account: no provider to show
    record = demo.seeded(local_government, PROVIDER_KEY)
    if record is not None and _exists(HousingProvider)(record.object_id):
        counts["kept"] += 1
        return counts
    if not demo.should_create(
        local_government, PROVIDER_KEY, _exists(HousingProvider), restore=restore
    ):
        counts["deleted"] += 1
        return counts
    provider = HousingProvider.objects.filter(organization=organization).first()
    if provider is None:
        provider = HousingProvider(
            local_government=local_government,
            organization=organization,
            is_fictional=True,
            **DEMO_PROVIDER,
        )
        provider.full_clean()
        provider.save()
        counts["created"] += 1
    else:
        counts["kept"] += 1  # the account's organization already keeps a provider profile
    demo.remember(local_government, PROVIDER_KEY, provider)
    return counts


@transaction.atomic
def ensure_demo_homes(local_government, *, restore=False) -> Counter:
    """Give the demo provider its eight fictional homes, each once."""
    counts: Counter = Counter()
    record = demo.seeded(local_government, PROVIDER_KEY)
    provider = (
        HousingProvider.objects.filter(pk=record.object_id, local_government=local_government)
        .select_related("organization")
        .first()
        if record
        else None
    )
    if provider is None:
        return counts  # no demo provider (deleted by a user): no homes either
    for number, home in enumerate(DEMO_HOMES, start=1):
        key = f"housing:home:{number}"
        record = demo.seeded(local_government, key)
        if record is not None and _exists(SafetyNetHome)(record.object_id):
            counts["kept"] += 1
            continue
        if not demo.should_create(local_government, key, _exists(SafetyNetHome), restore=restore):
            counts["deleted"] += 1
            continue
        made = _home(local_government, provider, number, *home)
        demo.remember(local_government, key, made)
        counts["created"] += 1
    return counts


def _home(
    local_government,
    provider,
    number,
    name,
    ward,
    rent,
    common_fee,
    floor_area,
    layout,
    units,
    vacancies,
    accepts,
    is_public,
    dedicated,
    barrier_free,
) -> SafetyNetHome:
    home = SafetyNetHome(
        local_government=local_government,
        provider=provider,
        registration_number=f"架空-{number:04d}",
        name=name,
        address=f"熊本市{ward}つなぐ町{number}-{number}（架空）",
        ward=ward,
        rent=rent,
        common_fee=common_fee,
        deposit=rent,
        floor_area=Decimal(floor_area),
        layout=layout,
        units=units,
        vacancies=vacancies,
        barrier_free=barrier_free,
        dedicated=dedicated,
        accepts=to_mask(Acceptance, accepts),
        contact=f"{provider.organization.name} 096-000-10{number:02d}（架空）",
        note="デモ用の架空の住宅です。",
        is_public=is_public,
        is_fictional=True,
    )
    home.full_clean()
    home.save()
    return home
