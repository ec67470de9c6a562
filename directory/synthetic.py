"""Directories for synthetic local governments (manage.py seed_synthetic): about 57 services
a body (≈100,000 at N=1,741) with organizations, places in wards, addresses, phones, hours
(some 24-hour) and the needs taxonomy of Kumamoto's package, already indexed for search.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import datetime
import random
from functools import lru_cache

import yaml
from django.conf import settings

from core import synthetic
from core.models import LocalGovernment
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search.fulltext import search_text_for, write_index

TAXONOMY_FILE = settings.BASE_DIR / "packages" / "kumamoto-2021" / "directory" / "taxonomy.yaml"
SERVICES_PER_BODY = (54, 61)  # uniform: 57.5 on average
ORGANIZATIONS_PER_BODY = 20
WARDS = ["中央区", "東区", "西区", "南区", "北区"]
SOURCE = "架空データ"
ORGANIZATION_PREFIXES = [
    "ひまわり",
    "さくら",
    "あおぞら",
    "みどり",
    "ひかり",
    "つばさ",
    "やまびこ",
    "こもれび",
]
ORGANIZATION_KINDS = [
    ("支援センター", Organization.Category.PARTNER),
    ("相談室", Organization.Category.PARTNER),
    ("福祉会", Organization.Category.PARTNER),
    ("居住支援法人", Organization.Category.PARTNER),
    ("就労支援事業所", Organization.Category.PARTNER),
    ("更生保護サポートセンター", Organization.Category.SUPPORT_CENTER),
    ("市役所福祉課", Organization.Category.CITY),
    ("いのちの電話", Organization.Category.HOTLINE),
]
# need code -> (service names, descriptions); audiences and situations are drawn at random.
SERVICES = {
    "housing": (
        ["住まいの相談窓口", "居住支援", "公営住宅の入居相談", "一時的な住居の提供"],
        [
            "住む所を探す人の相談に応じ、不動産会社や大家さんにつなぎます。",
            "家賃の支払いや入居の手続きを支援します。",
        ],
    ),
    "work": (
        ["就労支援", "仕事の相談窓口", "職業訓練の案内", "協力雇用主の紹介"],
        ["仕事を探す人に求人を紹介し、面接の練習をします。", "働き続けるための相談に応じます。"],
    ),
    "money": (
        ["生活困窮者自立相談", "家計の相談", "生活保護の相談", "借金の相談"],
        ["生活費や借金に困っている人の相談に応じます。", "お金の使い方を一緒に考えます。"],
    ),
    "health": (
        ["保健福祉の相談", "障がい福祉の相談", "高齢者の総合相談", "こころの健康相談"],
        [
            "病気や障がい、介護の相談に応じ、福祉サービスにつなぎます。",
            "医療機関の受診を支援します。",
        ],
    ),
    "addiction": (
        ["依存症の相談", "薬物依存の回復支援", "アルコール相談", "ギャンブル依存の家族会"],
        [
            "薬物やアルコールがやめられない人と家族の相談に応じます。",
            "回復プログラムと自助グループを案内します。",
        ],
    ),
    "family": (
        ["子育て相談", "家庭児童相談", "配偶者暴力相談", "ひとり親の相談"],
        ["子育てや家庭の悩み、DVの相談に応じます。", "子どもと家族の生活を支えます。"],
    ),
    "learning": (
        ["学び直しの相談", "不登校・非行の相談", "修学支援", "高校卒業程度認定の案内"],
        [
            "学校に戻りたい人や学び直したい人を支援します。",
            "非行の悩みについて本人と家族の相談に応じます。",
        ],
    ),
    "victim": (
        ["犯罪被害者相談", "被害者支援センター", "性暴力被害の相談"],
        ["犯罪の被害にあった人と家族の相談に応じ、付き添いをします。"],
    ),
    "listen": (
        ["よりそい電話", "悩みの相談", "話を聞く窓口"],
        ["どこに相談すればよいか分からないとき、まず話を聞きます。"],
    ),
    "crisis": (
        ["いのちの相談電話", "こころの危機の相談"],
        ["死にたいほどつらいとき、電話で話を聞きます。"],
    ),
    "legal": (
        ["法律相談", "更生保護の相談", "保護観察の手続き案内"],
        ["法律の相談や、保護観察に関する手続きを案内します。"],
    ),
}
WEEKDAYS = "MO,TU,WE,TH,FR"
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


@lru_cache(maxsize=1)
def taxonomy_terms() -> dict[str, list[dict]]:
    """Kumamoto's needs, audiences and situations (taxonomy.yaml), by kind."""
    return yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))


def _phone_number(rng: random.Random) -> str:
    return f"000-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"  # 000: never a real number


def seed_directory(
    local_governments: list[LocalGovernment],
    rng: random.Random,
    *,
    services_per_body: tuple[int, int] = SERVICES_PER_BODY,
) -> None:
    kinds = taxonomy_terms()
    taxonomies = [
        Taxonomy(local_government=lg, kind=kind, name=Taxonomy.Kind(kind).label, version=SOURCE)
        for lg in local_governments
        for kind in kinds
    ]
    Taxonomy.objects.bulk_create(taxonomies)
    terms = [
        TaxonomyTerm(
            local_government=taxonomy.local_government,
            taxonomy=taxonomy,
            code=row["code"],
            name=row["name"],
            plain_name=row.get("plain_name", ""),
            description=row.get("description", ""),
            position=position,
        )
        for taxonomy in taxonomies
        for position, row in enumerate(kinds[taxonomy.kind], start=1)
    ]
    TaxonomyTerm.objects.bulk_create(terms)
    term_index = {(t.local_government_id, t.taxonomy.kind, t.code): t for t in terms}

    organizations, locations, addresses = [], [], []
    for lg in local_governments:
        names = rng.sample(
            [(p, k) for p in ORGANIZATION_PREFIXES for k in ORGANIZATION_KINDS],
            ORGANIZATIONS_PER_BODY,
        )
        for position, (prefix, (kind, category)) in enumerate(names, start=1):
            organizations.append(
                Organization(
                    local_government=lg,
                    name=f"{prefix}{kind}（架空）",
                    category=category,
                    description=f"{lg.name}の{kind}です（架空）。",
                    review_status=(
                        ReviewStatus.DRAFT if rng.random() < 0.02 else ReviewStatus.PUBLISHED
                    ),
                    source=SOURCE,
                    is_fictional=True,
                    position=position,
                )
            )
    Organization.objects.bulk_create(organizations)
    for organization in organizations:
        virtual = organization.category == Organization.Category.HOTLINE
        locations.append(
            Location(
                local_government_id=organization.local_government_id,
                organization=organization,
                location_type=Location.Type.VIRTUAL if virtual else Location.Type.PHYSICAL,
                name=organization.name,
                ward="" if virtual else rng.choice(WARDS),
                source=SOURCE,
                is_fictional=True,
            )
        )
    Location.objects.bulk_create(locations)
    lg_names = {lg.pk: lg.name for lg in local_governments}
    for location in locations:
        if location.location_type == Location.Type.PHYSICAL and rng.random() < 0.9:
            addresses.append(  # one in ten: address not confirmed (shown as 未確認)
                Address(
                    local_government_id=location.local_government_id,
                    location=location,
                    address_1=f"架空町{rng.randint(1, 9)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                    city=lg_names[location.local_government_id],
                    region=location.ward,
                    state_province="架空県",
                    postal_code=f"999-{rng.randint(0, 9999):04d}",
                )
            )
    Address.objects.bulk_create(addresses)

    locations_by_lg: dict[int, list[Location]] = {}
    for location in locations:
        locations_by_lg.setdefault(location.local_government_id, []).append(location)
    need_codes = [row["code"] for row in kinds["need"]]
    audience_codes = [row["code"] for row in kinds["audience"]]
    situation_codes = [row["code"] for row in kinds["situation"]]
    services, links = [], []
    for lg in local_governments:
        for position in range(1, rng.randint(*services_per_body) + 1):
            location = rng.choice(locations_by_lg[lg.pk])
            organization = location.organization
            needs = rng.sample(need_codes, rng.choice((1, 1, 2)))
            names, descriptions = SERVICES[needs[0]]
            chosen = [term_index[(lg.pk, "need", code)] for code in needs] + [
                term_index[(lg.pk, "audience", rng.choice(audience_codes))],
                *(
                    term_index[(lg.pk, "situation", code)]
                    for code in rng.sample(situation_codes, rng.randint(0, 2))
                ),
            ]
            service = Service(
                local_government=lg,
                organization=organization,
                name=f"{rng.choice(names)}（架空）",
                description=" ".join(rng.sample(descriptions, len(descriptions))),
                eligibility_description=rng.choice(
                    ["", "市内に住む人", "保護観察中の人と家族", "刑務所などを出た人"]
                ),
                application_process=rng.choice(
                    ["", "電話で予約してください。", "来所してください。"]
                ),
                review_status=ReviewStatus.DRAFT if rng.random() < 0.05 else ReviewStatus.PUBLISHED,
                status=Status.INACTIVE if rng.random() < 0.03 else Status.ACTIVE,
                is_24_hours=rng.random() < 0.05,
                last_verified_on=(
                    None
                    if rng.random() < 0.2
                    else datetime.date(2024, 4, 1) + datetime.timedelta(days=rng.randint(0, 700))
                ),
                source=SOURCE,
                is_fictional=True,
                position=position,
            )
            service.search_text = search_text_for(
                service, organization=organization, terms=chosen, wards=[location.ward]
            )
            services.append(service)
            links.append((chosen, location))
    Service.objects.bulk_create(services, batch_size=2000)
    write_index((service.pk, service.search_text) for service in services)

    through = Service.terms.through
    term_rows, places, phones, schedules = [], [], [], []
    for service, (chosen, location) in zip(services, links, strict=True):
        term_rows += [through(service_id=service.pk, taxonomyterm_id=term.pk) for term in chosen]
        common = {"local_government_id": service.local_government_id, "service": service}
        places.append(ServiceAtLocation(location=location, **common))
        if rng.random() < 0.9:  # one in ten: phone not confirmed
            phones.append(Phone(number=_phone_number(rng), **common))
        if service.is_24_hours:
            schedules.append(Schedule(byday=ALL_DAYS, is_24_hours=True, notes="年中無休", **common))
        elif rng.random() < 0.8:  # one in five: hours not confirmed
            schedules.append(
                Schedule(
                    byday=WEEKDAYS,
                    opens_at=datetime.time(8, 30),
                    closes_at=datetime.time(17, 15),
                    notes="祝日・年末年始を除く",
                    **common,
                )
            )
    through.objects.bulk_create(term_rows, batch_size=5000)
    ServiceAtLocation.objects.bulk_create(places, batch_size=5000)
    Phone.objects.bulk_create(phones, batch_size=5000)
    Schedule.objects.bulk_create(schedules, batch_size=5000)


synthetic.register("directory", seed_directory)
