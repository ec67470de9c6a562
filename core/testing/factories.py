"""factory_boy factories for tests. Everything they make is fictional."""

import factory

from accounts.models import Organization, User
from core.models import LocalGovernment
from core.roles import Role
from plans.models import Area, Department, Indicator, Measure, MeasureDepartment, Pillar, Plan


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment
        django_get_or_create = ("code",)

    # Fictional codes with a valid check digit are not needed here; tests use these as labels.
    code = factory.Sequence(lambda n: f"{900000 + n:06d}")
    slug = factory.Sequence(lambda n: f"testcity{n}")
    name = factory.Sequence(lambda n: f"テスト市{n}（架空）")
    kind = LocalGovernment.Kind.CITY


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
        from plans.services import measure_search_text

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


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    local_government = factory.SubFactory(LocalGovernmentFactory)
    name = factory.Sequence(lambda n: f"テスト団体{n}（架空）")
    kind = Organization.Kind.PARTNER
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PARTNER
    organization = factory.SubFactory(OrganizationFactory)
    display_name = factory.Sequence(lambda n: f"テスト 利用者{n}（架空）")
    is_fictional = True
    password = factory.django.Password("correct horse battery staple")
