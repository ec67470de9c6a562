"""Fictional plans shaped like Kumamoto's, for synthetic local governments.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import random

from core import synthetic
from core.models import LocalGovernment
from plans.models import (
    Area,
    Department,
    Indicator,
    Measure,
    MeasureDepartment,
    PartnerActivity,
    PartnerOrganization,
    Pillar,
    Plan,
)
from plans.services import measure_search_text

PILLARS = [
    "関係機関との連携強化と広報・啓発の推進",
    "住居の確保に関する支援",
    "就労の確保に関する支援",
    "保健医療・福祉サービスの利用促進",
    "非行の防止と修学支援",
    "特性に応じた指導・支援",
]
MEASURES_PER_AREA = [(9, 9), (9, 4), (14, 4), (9, 11), (16, 9), (8, 14)]  # Kumamoto's shape: 116
DEPARTMENT_COUNT = 35
BUREAUS = ["総務局", "文化市民局", "健康福祉局", "経済観光局", "都市建設局", "教育委員会事務局"]
SUBJECTS = [
    "保護観察対象者",
    "出所者",
    "高齢者",
    "障がいのある人",
    "若者",
    "犯罪被害者",
    "住宅確保要配慮者",
    "協力雇用主",
    "保護司",
    "地域の団体",
]
ACTIONS = [
    "の相談に応じ、関係機関につなぎます。",
    "への就労支援を行います。",
    "の住まいの確保を支援します。",
    "を対象とした研修会を開催します。",
    "と連携して啓発活動に取り組みます。",
    "の情報をわかりやすく提供します。",
    "の依存症からの回復を支援します。",
    "の修学を支援します。",
]
PARTNERS = [
    "架空保護観察所",
    "架空刑務所",
    "架空地域生活定着支援センター",
    "架空社会福祉協議会",
    "架空保護司会",
    "架空ダルク",
]


def _sentence(rng: random.Random) -> str:
    return rng.choice(SUBJECTS) + rng.choice(ACTIONS)


def seed_plans(local_governments: list[LocalGovernment], rng: random.Random) -> None:
    """Give each local government a published plan shaped like Kumamoto's."""
    departments = [
        Department(
            local_government=lg,
            name=f"架空{index:02d}課",
            bureau=BUREAUS[index % len(BUREAUS)],
            phone=f"000-000-{index:04d}",
            position=index,
            note="架空",
        )
        for lg in local_governments
        for index in range(1, DEPARTMENT_COUNT + 1)
    ]
    Department.objects.bulk_create(departments)
    departments_by_lg: dict[int, list[Department]] = {}
    for department in Department.objects.filter(local_government__in=local_governments).order_by(
        "position"
    ):
        departments_by_lg.setdefault(department.local_government_id, []).append(department)

    partners = [
        PartnerOrganization(
            local_government=lg, name=name, category="関係団体", position=index, note="架空"
        )
        for lg in local_governments
        for index, name in enumerate(PARTNERS, start=1)
    ]
    PartnerOrganization.objects.bulk_create(partners)
    partners_by_lg: dict[int, list[PartnerOrganization]] = {}
    for partner in PartnerOrganization.objects.filter(local_government__in=local_governments):
        partners_by_lg.setdefault(partner.local_government_id, []).append(partner)

    plans = [
        Plan(
            local_government=lg,
            key="2021",
            title=f"{lg.name} 再犯防止推進計画（架空）",
            status=Plan.Status.PUBLISHED,
            start_fiscal_year=2021,
            end_fiscal_year=2023,
            basic_philosophy="だれもが安全で安心して暮らせる社会の実現に寄与します。（架空）",
            basic_policy="犯罪をした人等が地域社会で孤立しないよう、次の施策に取り組みます。（架空）",
            source="架空のデータ（性能測定用）",
        )
        for lg in local_governments
    ]
    Plan.objects.bulk_create(plans)
    plans = list(Plan.objects.filter(local_government__in=local_governments, key="2021"))

    pillars = [
        Pillar(local_government_id=plan.local_government_id, plan=plan, number=number, title=title)
        for plan in plans
        for number, title in enumerate(PILLARS, start=1)
    ]
    Pillar.objects.bulk_create(pillars)
    pillars = list(Pillar.objects.filter(plan__in=plans))

    areas = [
        Area(
            local_government_id=pillar.local_government_id,
            pillar=pillar,
            number=number,
            title=f"{pillar.title}（{number}）",
        )
        for pillar in pillars
        for number in (1, 2)
    ]
    Area.objects.bulk_create(areas)
    areas = list(Area.objects.filter(pillar__in=pillars).select_related("pillar"))

    activities = [
        PartnerActivity(
            local_government_id=pillar.local_government_id,
            pillar=pillar,
            organization=partner,
            position=position,
            text=_sentence(rng),
        )
        for pillar in pillars
        for position, partner in enumerate(
            rng.sample(partners_by_lg[pillar.local_government_id], 4), start=1
        )
    ]
    PartnerActivity.objects.bulk_create(activities)

    measures: list[Measure] = []
    chosen: list[list[Department]] = []
    for area in areas:
        count = MEASURES_PER_AREA[area.pillar.number - 1][area.number - 1]
        pool = departments_by_lg[area.local_government_id]
        for number in range(1, count + 1):
            measure = Measure(
                local_government_id=area.local_government_id,
                area=area,
                number=number,
                headings=[f"架空の取組{area.pillar.number}-{area.number}-{number}"],
                body="\n".join(_sentence(rng) for _ in range(rng.randint(2, 4))),
            )
            assigned = rng.sample(pool, rng.choice((1, 1, 1, 2, 2, 3)))
            measure.search_text = measure_search_text(measure, assigned)
            measures.append(measure)
            chosen.append(assigned)
    Measure.objects.bulk_create(measures, batch_size=2000)
    if measures[0].pk is None:  # backends that do not return ids (none of ours today)
        raise RuntimeError("bulk_create did not set primary keys")
    MeasureDepartment.objects.bulk_create(
        (
            MeasureDepartment(measure=measure, department=department, position=position)
            for measure, assigned in zip(measures, chosen, strict=True)
            for position, department in enumerate(assigned, start=1)
        ),
        batch_size=5000,
    )

    pillars_by_plan: dict[int, list[Pillar]] = {}
    for pillar in pillars:
        pillars_by_plan.setdefault(pillar.plan_id, []).append(pillar)
    indicators = []
    for plan in plans:
        indicators.append(
            Indicator(
                local_government_id=plan.local_government_id,
                plan=plan,
                kind=Indicator.Kind.OUTCOME,
                position=1,
                code="reoffenders_among_arrested",
                name="刑法犯検挙人員中の再犯者数（架空）",
                unit="人",
                baseline_value=rng.randint(50, 900),
                baseline_year=2019,
                baseline_period_kind="calendar_year",
                target_value=rng.randint(40, 800),
                target_year=2023,
                target_period_kind="calendar_year",
                better=Indicator.Better.LOWER,
                statistic_series="reoffenders",
            )
        )
        for position in range(1, 15):
            pillar = pillars_by_plan[plan.pk][(position - 1) % 6]
            indicators.append(
                Indicator(
                    local_government_id=plan.local_government_id,
                    plan=plan,
                    pillar=pillar,
                    kind=Indicator.Kind.REFERENCE,
                    position=position,
                    code=f"reference_{position}",
                    name=f"参考指標{position}（架空）",
                    unit="人",
                    baseline_value=rng.randint(10, 10000),
                    baseline_year=2019,
                    target_direction=Indicator.Direction.INCREASE,
                    target_year=2023,
                    better=Indicator.Better.HIGHER,
                )
            )
    Indicator.objects.bulk_create(indicators)


synthetic.register("plans", seed_plans)
