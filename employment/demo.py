"""Fictional cooperating employers for the demo (manage.py seed_demo). Every name is made up
and marked （架空）; no real employer is named. Each is created once (accounts/demo.py)."""

# i18n-data-file: the names below are fictional demo data, not interface text.

import datetime
from collections import Counter

from accounts import demo
from employment.employers.services import employer_ensure_fictional
from employment.models import Employer, EmploymentType, Industry, JobPosting

# The employer of the demo employer account: its organization's name is the company name.
DEMO_ACCOUNT_EMPLOYER = {
    "name_kana": "かぶしきがいしゃつなぐけんせつ",
    "industry": Industry.CONSTRUCTION,
    "postal_code": "860-0000",
    "address": "熊本市中央区つなぐ町1-1（架空）",
    "ward": "中央区",
    "employees": 35,
    "registered_with_probation_office": True,
    "registered_on": datetime.date(2019, 6, 1),
    "contact_name": "雇用 次郎（架空）",
    "contact_phone": "096-000-0001",
    "contact_email": "employer@example.jp",
    "hires_before_registration": 3,
    "is_public": True,
}

OTHER_EMPLOYERS = [
    {
        "name": "つなぐ精工有限会社（架空）",
        "name_kana": "つなぐせいこう",
        "industry": Industry.MANUFACTURING,
        "address": "熊本市東区あさひ町2-3（架空）",
        "ward": "東区",
        "employees": 60,
        "registered_with_probation_office": True,
        "registered_on": datetime.date(2018, 10, 15),
        "contact_name": "製造 はじめ（架空）",
        "contact_phone": "096-000-0002",
        "is_public": False,
    },
    {
        "name": "食堂みらい（架空）",
        "name_kana": "しょくどうみらい",
        "industry": Industry.FOOD_SERVICE,
        "address": "熊本市西区みなと町3-4（架空）",
        "ward": "西区",
        "employees": 8,
        "registered_with_probation_office": True,
        "registered_on": datetime.date(2020, 2, 1),
        "contact_name": "料理 みのる（架空）",
        "contact_phone": "096-000-0003",
        "is_public": True,
    },
    {
        "name": "社会福祉法人ひだまり会（架空）",
        "name_kana": "ひだまりかい",
        "industry": Industry.MEDICAL_WELFARE,
        "address": "熊本市南区ひかり町4-5（架空）",
        "ward": "南区",
        "employees": 120,
        "registered_with_probation_office": True,
        "registered_on": datetime.date(2021, 4, 1),
        "contact_name": "介護 やすこ（架空）",
        "contact_phone": "096-000-0004",
        "hires_before_registration": 1,
        "is_public": True,
    },
    {
        "name": "あおぞら運輸株式会社（架空）",
        "name_kana": "あおぞらうんゆ",
        "industry": Industry.TRANSPORT,
        "address": "熊本市北区そよかぜ町5-6（架空）",
        "ward": "北区",
        "employees": 25,
        "registered_with_probation_office": False,
        "contact_name": "運送 はやと（架空）",
        "contact_phone": "096-000-0005",
        "is_public": False,
    },
    {
        "name": "みどり農園合同会社（架空）",
        "name_kana": "みどりのうえん",
        "industry": Industry.AGRICULTURE,
        "address": "熊本市北区たんぼ町6-7（架空）",
        "ward": "北区",
        "employees": 5,
        "registered_with_probation_office": True,
        "registered_on": datetime.date(2019, 11, 26),
        "contact_name": "農業 たがやす（架空）",
        "contact_phone": "096-000-0006",
        "is_public": False,
    },
]


ACCOUNT_EMPLOYER_KEY = "employer:employer"  # the company of the demo account `employer`


def _employer_key(values: dict) -> str:
    return f"employer:{values['name']}"


def _employer_exists(pk: str) -> bool:
    return Employer.objects.filter(pk=pk).exists()


def ensure_demo_employers(local_government, account_organization, *, restore=False) -> Counter:
    """Register the demo employers (approved, fictional) that were never registered; count
    them as created, kept (already there: never changed, a user may have edited them) or
    deleted (gone: a user deleted them; recreated only with `restore`). The demo employer
    account's organization becomes the first one."""
    counts: Counter = Counter()
    entries = [(_employer_key(values), dict(values), None) for values in OTHER_EMPLOYERS]
    if account_organization is not None:
        values = {**DEMO_ACCOUNT_EMPLOYER, "name": account_organization.name}
        entries.insert(0, (ACCOUNT_EMPLOYER_KEY, values, account_organization))
    for key, values, organization in entries:
        record = demo.seeded(local_government, key)
        if record is not None and _employer_exists(record.object_id):
            counts["kept"] += 1
            continue
        if record is not None and not restore:
            counts["deleted"] += 1
            continue
        # Never recorded (a database seeded before records were kept) or restored: the
        # employer of that name or account, if any, is taken as it is.
        employer, was_created = employer_ensure_fictional(
            local_government=local_government, values=values, organization=organization
        )
        demo.remember(local_government, key, employer)
        counts["created" if was_created else "kept"] += 1
    return counts


# One fictional posting per demo employer (title, description, wage form, wage, housing).
DEMO_POSTINGS = [
    (
        "現場作業員（架空）",
        "道路や住宅の工事現場での作業です。未経験の方には先輩が教えます。",
        "daily",
        11000,
        True,
    ),
    ("製造ラインスタッフ（架空）", "部品の組み立てと検品です。", "monthly", 190000, False),
    ("調理補助（架空）", "食堂での野菜の下ごしらえと皿洗いです。", "hourly", 1100, False),
    (
        "介護スタッフ（架空）",
        "施設での食事や入浴のお手伝いです。資格取得を支援します。",
        "monthly",
        200000,
        True,
    ),
    ("配送ドライバー助手（架空）", "トラックでの荷物の積み下ろしです。", "daily", 10000, False),
    ("農作業スタッフ（架空）", "野菜の収穫と出荷の準備です。", "hourly", 1100, True),
]


def ensure_demo_postings(local_government, *, restore=False) -> Counter:
    """Give each demo employer its one published fictional posting, once; count them as in
    ensure_demo_employers. Written directly (no audit entry), like seed_synthetic: demo data
    only, never in production (seed_demo refuses to run there)."""
    from django.utils import timezone

    counts: Counter = Counter()
    keys = [ACCOUNT_EMPLOYER_KEY, *(_employer_key(values) for values in OTHER_EMPLOYERS)]
    for employer_key, (title, description, wage_form, wage, housing) in zip(
        keys, DEMO_POSTINGS, strict=True
    ):
        employer_record = demo.seeded(local_government, employer_key)
        employer = (
            Employer.objects.filter(pk=employer_record.object_id).first()
            if employer_record
            else None
        )
        if employer is None:
            continue  # no demo employer (deleted by a user): no posting either
        key = f"posting:{employer_key}"
        record = demo.seeded(local_government, key)
        if record is not None and JobPosting.objects.filter(pk=record.object_id).exists():
            counts["kept"] += 1
            continue
        if record is not None and not restore:
            counts["deleted"] += 1
            continue
        existing = employer.postings.order_by("pk").first()
        if record is None and existing is not None:  # seeded before records were kept
            demo.remember(local_government, key, existing)
            counts["kept"] += 1
            continue
        posting = JobPosting.objects.create(
            local_government=local_government,
            employer=employer,
            status=JobPosting.Status.PUBLISHED,
            title=title,
            industry=employer.industry,
            description=description,
            workplace=employer.address,
            ward=employer.ward,
            employment_type=EmploymentType.FULL_TIME
            if wage_form == "monthly"
            else EmploymentType.PART_TIME,
            wage_form=wage_form,
            wage_min=wage,
            working_hours="8:00〜17:00（休憩60分）",
            holidays="土日・祝日",
            social_insurance="雇用・労災・健康・厚生年金",
            dormitory=housing,
            probation_welcome=True,
            message="一緒に働ける方をお待ちしています。（架空の求人です）",
            published_at=timezone.now(),
            is_fictional=True,
        )
        demo.remember(local_government, key, posting)
        counts["created"] += 1
    return counts
