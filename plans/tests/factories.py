"""factory_boy factories for the plan's models in tests. Everything they make is fictional."""

import factory

from core.tests.factories import LocalGovernmentFactory
from plans.models import Area, Department, Indicator, Measure, MeasureDepartment, Pillar, Plan
from plans.services import measure_search_text


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    local_government = factory.SubFactory(LocalGovernmentFactory)
    name = factory.Sequence(lambda n: f"テスト課{n}")
    bureau = "テスト局"
    phone = "000-000-0000"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    local_government = factory.SubFactory(LocalGovernmentFactory)
    key = factory.Sequence(lambda n: f"plan{n}")
    title = "テスト市再犯防止推進計画（架空）"
    status = Plan.Status.PUBLISHED
    start_fiscal_year = 2021
    end_fiscal_year = 2023
    basic_philosophy = "だれもが安全で安心して暮らせる社会（架空）"


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar

    plan = factory.SubFactory(PlanFactory)
    local_government = factory.SelfAttribute("plan.local_government")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"推進施策{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    pillar = factory.SubFactory(PillarFactory)
    local_government = factory.SelfAttribute("pillar.local_government")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"取組分野{n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    local_government = factory.SelfAttribute("area.local_government")
    number = factory.Sequence(lambda n: n + 1)
    headings = factory.LazyFunction(lambda: ["テストの取組"])
    body = "テストの取組内容です。"

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if not create:
            return
        for position, department in enumerate(extracted or [], start=1):
            MeasureDepartment.objects.create(measure=self, department=department, position=position)
        self.search_text = measure_search_text(self, extracted or [])
        self.save(update_fields=["search_text"])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    local_government = factory.SelfAttribute("plan.local_government")
    kind = Indicator.Kind.OUTCOME
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"indicator_{n + 1}")
    name = "再犯者数（架空）"
    unit = "人"
    baseline_value = 100
    baseline_year = 2019
    target_value = 80
    target_year = 2023
    better = Indicator.Better.LOWER
