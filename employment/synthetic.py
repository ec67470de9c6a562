"""Employment for synthetic local governments (manage.py seed_synthetic): cooperating
employers, job postings and a few job seekers, all fictional (架空).

About 14 employers a body (≈25,000 at N=1,741), skewed: most bodies have a handful, a few
have many (a log-normal spread whose mean is 14.4). Industries are drawn with the weights of
the seed's 表4 (熊本市協力雇用主数: 建設業 56 % …). Most employers are approved; some are
still applying, were refused or withdrew; a quarter keep their name and postings off the
public board. Approved employers post one to twelve jobs (≈100,000 postings at N=1,741):
mostly published, some drafts, closed or past their end date; with the reentry flags
(housing, probation and juveniles welcome, offences declined) set at random. Each body also
gets a fictional 保護司会 and two job seekers it supports, so that matching has someone to
match.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import datetime
import math
import random

from django.utils import timezone

from accounts.models import Organization
from core import synthetic
from core.fields.choice_masks import to_mask
from core.models import LocalGovernment
from employment.models import (
    Employer,
    EmploymentType,
    Industry,
    JobPosting,
    JobSeeker,
    LegalStatus,
    Offence,
)

EMPLOYERS_MEAN = 14.4  # 25,000 / 1,740
EMPLOYERS_SIGMA = 0.9  # log-normal spread: the median body has ~10, one in twenty over 40
# 表4 熊本市協力雇用主数 (令和2年4月1日): companies by industry, in Industry's order.
INDUSTRY_WEIGHTS = {
    Industry.CONSTRUCTION: 58,
    Industry.MANUFACTURING: 4,
    Industry.FOOD_SERVICE: 2,
    Industry.MEDICAL_WELFARE: 6,
    Industry.OTHER_SERVICES: 12,
    Industry.WHOLESALE_RETAIL: 5,
    Industry.TRANSPORT: 5,
    Industry.UTILITIES_WORK: 5,
    Industry.AGRICULTURE: 2,
    Industry.OTHER: 4,
}
# Postings per approved employer: 4.4 on average (≈100,000 at N=1,741).
POSTINGS_PER_EMPLOYER = [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 12]
EMPLOYER_STATUS = [
    (Employer.Status.APPROVED, 90),
    (Employer.Status.APPLIED, 4),
    (Employer.Status.REJECTED, 2),
    (Employer.Status.WITHDRAWN, 4),
]
PUBLIC_SHARE = 0.75
SEEKERS_PER_BODY = 2
WARDS = ["中央区", "東区", "西区", "南区", "北区"]
PREFIXES = [
    ("ひまわり", "ひまわり"),
    ("さくら", "さくら"),
    ("あおぞら", "あおぞら"),
    ("みどり", "みどり"),
    ("ひかり", "ひかり"),
    ("つばさ", "つばさ"),
    ("やまびこ", "やまびこ"),
    ("こもれび", "こもれび"),
    ("若葉", "わかば"),
    ("朝日", "あさひ"),
    ("北斗", "ほくと"),
    ("大空", "おおぞら"),
]
FORMS = [
    ("株式会社", "かぶしきがいしゃ"),
    ("有限会社", "ゆうげんがいしゃ"),
    ("合同会社", "ごうどうがいしゃ"),
]
# industry -> (business word and its kana, job titles, what the work is)
TRADES = {
    Industry.CONSTRUCTION: (
        ("建設", "けんせつ"),
        ["土木作業員", "型枠大工", "とび職", "重機オペレーター", "現場作業員"],
        "道路や建物の工事現場での作業です。未経験の方には先輩が一から教えます。",
    ),
    Industry.MANUFACTURING: (
        ("製作所", "せいさくしょ"),
        ["製造スタッフ", "溶接工", "検査・梱包", "機械オペレーター"],
        "工場での部品の加工と組み立て、検査の仕事です。",
    ),
    Industry.FOOD_SERVICE: (
        ("食堂", "しょくどう"),
        ["調理補助", "ホールスタッフ", "仕込み担当"],
        "店舗での調理の補助と接客です。まかないがあります。",
    ),
    Industry.MEDICAL_WELFARE: (
        ("福祉会", "ふくしかい"),
        ["介護職員", "生活支援員", "送迎ドライバー"],
        "介護施設での利用者の生活の支援です。資格の取得を応援します。",
    ),
    Industry.OTHER_SERVICES: (
        ("サービス", "さーびす"),
        ["清掃スタッフ", "警備員", "ビルメンテナンス", "洗車スタッフ"],
        "建物の清掃や設備の点検、施設の警備の仕事です。",
    ),
    Industry.WHOLESALE_RETAIL: (
        ("商店", "しょうてん"),
        ["販売スタッフ", "倉庫作業員", "配送助手"],
        "店舗での品出しと販売、倉庫での仕分けの仕事です。",
    ),
    Industry.TRANSPORT: (
        ("運輸", "うんゆ"),
        ["配送ドライバー", "倉庫内作業", "フォークリフト作業員"],
        "荷物の積み下ろしと配送の仕事です。",
    ),
    Industry.UTILITIES_WORK: (
        ("設備工業", "せつびこうぎょう"),
        ["電気工事士補助", "配管工", "水道工事作業員"],
        "電気・ガス・水道の設備工事の補助です。",
    ),
    Industry.AGRICULTURE: (
        ("農園", "のうえん"),
        ["農作業スタッフ", "収穫作業員", "林業作業員"],
        "野菜の栽培と収穫、出荷の準備の仕事です。",
    ),
    Industry.OTHER: (
        ("企画", "きかく"),
        ["一般事務", "軽作業スタッフ", "リサイクル作業員"],
        "資源ごみの選別や事務所での軽い作業です。",
    ),
}
# Offences an employer declines when it declines any (性犯罪 and 放火 most often).
DECLINED_OFFENCES = [
    Offence.SEXUAL,
    Offence.SEXUAL,
    Offence.ARSON,
    Offence.HOMICIDE,
    Offence.DRUGS,
    Offence.THEFT,
    Offence.ROBBERY,
    Offence.VIOLENCE,
    Offence.FRAUD,
]
EMPLOYMENT_TYPES = [
    (EmploymentType.FULL_TIME, 55),
    (EmploymentType.CONTRACT, 15),
    (EmploymentType.PART_TIME, 25),
    (EmploymentType.DISPATCH, 3),
    (EmploymentType.OTHER, 2),
]
POSTING_STATUS = [("published", 75), ("expired", 5), ("draft", 8), ("closed", 12)]
SEEKER_STATUS = [
    (LegalStatus.PROBATION, 35),
    (LegalStatus.PAROLE, 25),
    (LegalStatus.RELEASED, 15),
    (LegalStatus.SUSPENDED, 10),
    (LegalStatus.JUVENILE, 10),
    (LegalStatus.OTHER, 5),
]
SEEKER_OFFENCES = [Offence.THEFT, Offence.DRUGS, Offence.FRAUD, Offence.VIOLENCE, Offence.TRAFFIC]
WORKING_HOURS = ["8:00〜17:00（休憩60分）", "9:00〜18:00（休憩60分）", "7:30〜16:30（休憩90分）"]
HOLIDAYS = ["日曜・祝日、第2・第4土曜", "週休2日（シフト制）", "土日祝"]
SUPPORTER = "保護司会（架空）"


def _weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def employers_for_body(rng: random.Random) -> int:
    """A skewed count with mean EMPLOYERS_MEAN (log-normal; at least one)."""
    mu = math.log(EMPLOYERS_MEAN) - EMPLOYERS_SIGMA**2 / 2
    return max(1, round(rng.lognormvariate(mu, EMPLOYERS_SIGMA)))


def _wage(rng: random.Random, form: str) -> tuple[int, int | None]:
    if form == JobPosting.WageForm.HOURLY:
        low = rng.randrange(1100, 1400, 10)
        return low, low + rng.choice((0, 100, 200))
    if form == JobPosting.WageForm.DAILY:
        low = rng.randrange(9000, 14000, 500)
        return low, low + rng.choice((0, 1000, 3000))
    low = rng.randrange(180_000, 280_000, 5000)
    return low, rng.choice((None, low + 30_000, low + 60_000))


def seed_employment(
    local_governments: list[LocalGovernment],
    rng: random.Random,
    *,
    employers_per_body: int | None = None,
    seekers_per_body: int = SEEKERS_PER_BODY,
    batch_size: int = 5000,
) -> None:
    """Fill each body with fictional employers, postings and seekers. With
    `employers_per_body`, every body gets exactly that many employers (the benchmark uses it
    to build one body with ≈100,000 postings)."""
    now = timezone.now()
    today = timezone.localdate()
    industries = list(INDUSTRY_WEIGHTS)
    industry_weights = list(INDUSTRY_WEIGHTS.values())

    employers = []
    for lg in local_governments:
        count = employers_per_body or employers_for_body(rng)
        for number in range(1, count + 1):
            industry = rng.choices(industries, industry_weights)[0]
            (word, word_kana), _titles, _work = TRADES[industry]
            prefix, prefix_kana = rng.choice(PREFIXES)
            form, form_kana = rng.choice(FORMS)
            status = _weighted(rng, EMPLOYER_STATUS)
            employees = rng.choice((3, 5, 8, 12, 20, 35, 60, 120, 350))
            size = next(
                value
                for value, limit in (("1-9", 9), ("10-49", 49), ("50-299", 299), ("300+", 10**9))
                if employees <= limit
            )
            reviewed = status != Employer.Status.APPLIED
            employers.append(
                Employer(
                    local_government=lg,
                    name=f"{prefix}{word}{number}{form}（架空）",
                    name_kana=f"{prefix_kana}{word_kana}{number}{form_kana}",
                    industry=industry,
                    postal_code=f"999-{rng.randint(0, 9999):04d}",
                    address=f"{lg.name}架空町{rng.randint(1, 9)}丁目{rng.randint(1, 30)}",
                    ward=rng.choice(WARDS),
                    size=size,
                    employees=employees,
                    registered_with_probation_office=rng.random() < 0.8,
                    registered_on=(
                        today - datetime.timedelta(days=rng.randint(30, 3650)) if reviewed else None
                    ),
                    contact_name="架空 担当",
                    contact_phone=f"000-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    hires_before_registration=rng.choice((0, 0, 0, 1, 1, 2, 3, 5)),
                    is_public=rng.random() < PUBLIC_SHARE,
                    status=status,
                    reviewed_at=now - datetime.timedelta(days=rng.randint(1, 1000))
                    if reviewed
                    else None,
                    is_fictional=True,
                )
            )
    Employer.objects.bulk_create(employers, batch_size=batch_size)

    postings = []
    for employer in employers:
        if employer.status == Employer.Status.APPROVED:
            count = rng.choice(POSTINGS_PER_EMPLOYER)
        elif employer.status == Employer.Status.WITHDRAWN:
            count = rng.choice((0, 1, 2))  # what it posted before it withdrew, closed
        else:
            continue
        (_word, _kana), titles, work = TRADES[employer.industry]
        declines = rng.random() < 0.4
        for _ in range(count):
            state = (
                "closed"
                if employer.status == Employer.Status.WITHDRAWN
                else _weighted(rng, POSTING_STATUS)
            )
            employment_type = _weighted(rng, EMPLOYMENT_TYPES)
            wage_form = (
                JobPosting.WageForm.HOURLY
                if employment_type == EmploymentType.PART_TIME
                else rng.choice(
                    (
                        JobPosting.WageForm.MONTHLY,
                        JobPosting.WageForm.MONTHLY,
                        JobPosting.WageForm.DAILY,
                    )
                )
            )
            wage_min, wage_max = _wage(rng, wage_form)
            published = state != "draft"
            published_at = now - datetime.timedelta(days=rng.randint(1, 400)) if published else None
            if state == "expired":
                ends_on = today - datetime.timedelta(days=rng.randint(1, 120))
            elif state == "closed":
                ends_on = today - datetime.timedelta(days=rng.randint(0, 365))
            else:
                ends_on = rng.choice((None, today + datetime.timedelta(days=rng.randint(7, 180))))
            dormitory = rng.random() < (
                0.35 if employer.industry == Industry.CONSTRUCTION else 0.12
            )
            postings.append(
                JobPosting(
                    local_government_id=employer.local_government_id,
                    employer=employer,
                    status=(
                        JobPosting.Status.DRAFT
                        if state == "draft"
                        else JobPosting.Status.CLOSED
                        if state == "closed"
                        else JobPosting.Status.PUBLISHED
                    ),
                    title=f"{rng.choice(titles)}（架空）",
                    industry=employer.industry,
                    description=f"{work}（架空の求人）",
                    workplace=f"{employer.address}ほか",
                    ward=employer.ward if rng.random() < 0.85 else rng.choice(WARDS),
                    employment_type=employment_type,
                    wage_form=wage_form,
                    wage_min=wage_min,
                    wage_max=wage_max,
                    working_hours=rng.choice(WORKING_HOURS),
                    holidays=rng.choice(HOLIDAYS),
                    social_insurance="雇用・労災・健康・厚生年金"
                    if employment_type != EmploymentType.PART_TIME
                    else "雇用・労災",
                    qualifications=rng.choice(("", "", "", "普通自動車免許")),
                    experience=rng.choice(("", "", "不問")),
                    trial_period=rng.choice(("", "3か月", "1か月")),
                    openings=rng.choice((1, 1, 1, 2, 3, 5)),
                    dormitory=dormitory,
                    company_housing=not dormitory and rng.random() < 0.08,
                    meals=rng.random() < 0.15,
                    probation_welcome=rng.random() < 0.9,
                    juveniles_welcome=rng.random() < 0.35,
                    excluded_offences=(
                        to_mask(Offence, set(rng.sample(DECLINED_OFFENCES, rng.randint(1, 3))))
                        if declines
                        else 0
                    ),
                    message=rng.choice(
                        ("", "一緒に働く仲間を待っています。", "生活が落ち着くまで相談に乗ります。")
                    ),
                    apply_via_volunteer=True,
                    apply_via_probation_office=rng.random() < 0.8,
                    apply_via_hello_work=rng.random() < 0.3,
                    published_at=published_at,
                    ends_on=ends_on,
                    is_fictional=True,
                )
            )
    JobPosting.objects.bulk_create(postings, batch_size=batch_size)

    if not seekers_per_body:
        return
    supporters = [
        Organization(
            local_government=lg,
            kind=Organization.Kind.VOLUNTEER_GROUP,
            name=SUPPORTER,
            is_fictional=True,
        )
        for lg in local_governments
    ]
    Organization.objects.bulk_create(supporters)
    seekers = []
    for supporter in supporters:
        for number in range(1, seekers_per_body + 1):
            status = _weighted(rng, SEEKER_STATUS)
            seekers.append(
                JobSeeker(
                    local_government_id=supporter.local_government_id,
                    code=f"架空-{number:04d}",
                    supporter_organization=supporter,
                    desired_industries=to_mask(Industry, rng.sample(industries, rng.randint(1, 3))),
                    desired_jobs=rng.choice(("", "体を動かす仕事", "人と話す仕事", "運転の仕事")),
                    desired_wards=rng.choice(("", "", *WARDS)),
                    employment_types=to_mask(
                        EmploymentType,
                        rng.sample(
                            [
                                EmploymentType.FULL_TIME,
                                EmploymentType.CONTRACT,
                                EmploymentType.PART_TIME,
                            ],
                            rng.randint(1, 3),
                        ),
                    ),
                    needs_housing=rng.random() < 0.4,
                    licences=rng.choice(("", "普通自動車免許", "フォークリフト")),
                    legal_status=status,
                    offences=to_mask(Offence, rng.sample(SEEKER_OFFENCES, rng.randint(1, 2))),
                    is_fictional=True,
                )
            )
    JobSeeker.objects.bulk_create(seekers, batch_size=batch_size)


synthetic.register("employment", seed_employment)
