# Step 2 of 3: give every existing indicator a code. Kumamoto's indicators (and the plans
# started from them) get the codes their package gives them, matched by name; any other
# indicator gets "<kind>_<position>" (e.g. reference_7), made unique within its plan.
# Reversible: going back clears the codes.

from django.db import migrations

# A frozen copy of packages/kumamoto-2021/indicators.yaml's codes at the time of this
# migration (a migration must not read files that later change).
CODES_BY_NAME = {
    "熊本市の刑法犯検挙人員中の再犯者数": "reoffenders_among_arrested",
    "“社会を明るくする運動”行事参加人数": "brighter_society_event_participants",
    "“社会を明るくする運動”熊本市推進大会参加人数": "brighter_society_rally_participants",
    "“社会を明るくする運動”の市民の認知度": "brighter_society_awareness",
    "熊本市の保護司数": "volunteer_probation_officers",
    "住まいの満足度": "housing_satisfaction",
    "熊本市における協力雇用主数": "cooperating_employers",
    "求人情報誌の求人募集件数": "job_magazine_postings",
    "65歳以上の元気な高齢者の割合": "healthy_elderly_share",
    "障がい者サポーターの登録者数（累計）": "disability_supporters",
    "学校教育コンシェルジュの対応件数": "school_concierge_cases",
    "熊本市における刑法犯少年数": "juvenile_offenders",
    "オレンジリボンサポーター養成講習会参加者数": "orange_ribbon_supporter_trainees",
    "男女共同参画出前講座の開催回数": "gender_equality_outreach_lectures",
}


def fill_codes(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    taken: dict[int, set[str]] = {}
    indicators = list(Indicator.objects.order_by("plan_id", "kind", "position", "pk"))
    # Named codes first, so that a fallback never takes a code the package would give.
    for indicator in indicators:
        code = CODES_BY_NAME.get(indicator.name)
        if code and code not in taken.setdefault(indicator.plan_id, set()):
            indicator.code = code
            taken[indicator.plan_id].add(code)
    for indicator in indicators:
        if indicator.code:
            continue
        used = taken.setdefault(indicator.plan_id, set())
        base = f"{indicator.kind}_{indicator.position}"
        code, suffix = base, 1
        while code in used:
            suffix += 1
            code = f"{base}_{suffix}"
        indicator.code = code
        used.add(code)
    Indicator.objects.bulk_update(indicators, ["code"], batch_size=500)


def clear_codes(apps, schema_editor):
    apps.get_model("plans", "Indicator").objects.update(code=None)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_indicator_code"),
    ]

    operations = [
        migrations.RunPython(fill_codes, clear_codes),
    ]
