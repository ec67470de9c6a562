"""Factories of a case's support (needs, plan, conferences, outcomes). All fictional."""

import factory
from django.utils import timezone

from coordination.models import CaseConference, NeedAssessment, Outcome, OutcomeKind, PlanItem
from coordination.tests.factories import CaseFactory


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    case = factory.SubFactory(CaseFactory)
    local_government = factory.SelfAttribute("case.local_government")
    kind = PlanItem.Kind.ACTION
    text = factory.Sequence(lambda n: f"架空の取り組み{n}")
    owner_organization = factory.SelfAttribute("case.lead_organization")


class GoalFactory(PlanItemFactory):
    kind = PlanItem.Kind.GOAL
    text = factory.Sequence(lambda n: f"架空の目標{n}")
    owner_organization = None


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedAssessment

    case = factory.SubFactory(CaseFactory)
    local_government = factory.SelfAttribute("case.local_government")
    organization = factory.SelfAttribute("case.lead_organization")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseConference

    case = factory.SubFactory(CaseFactory)
    local_government = factory.SelfAttribute("case.local_government")
    held_on = factory.LazyFunction(timezone.localdate)
    agenda = "架空の議題"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    case = factory.SubFactory(CaseFactory)
    local_government = factory.SelfAttribute("case.local_government")
    kind = OutcomeKind.HOME_SECURED
    achieved_on = factory.LazyFunction(timezone.localdate)
