"""What the magazine tests share: postings, drafts, built issues, URLs, the counted indicator."""

from django.urls import reverse

from employment.magazine import indicator
from employment.magazine import services as magazine
from employment.tests.factories import JobPostingFactory, MagazineIssueFactory
from plans.indicator_codes import JOB_MAGAZINE_POSTINGS
from plans.tests.factories import IndicatorFactory


def posting(employer, **extra):
    return JobPostingFactory(employer=employer, **extra)


def draft(city, **extra):
    return MagazineIssueFactory(local_government=city.lg, how_to_apply="保護司に相談", **extra)


def built(city, secretariat, postings, **extra):
    issue = draft(city, **extra)
    magazine.items_add(actor=secretariat, issue=issue, posting_ids=[p.pk for p in postings])
    return issue


def url(name, **kwargs):
    return reverse(f"magazine:{name}", kwargs=kwargs)


def counted_indicator(city):
    return IndicatorFactory(
        plan=city.plan,
        kind="reference",
        pillar=city.pillars[0],
        code=JOB_MAGAZINE_POSTINGS,
        name=indicator.INDICATOR_NAME,
        unit="件",
        baseline_value=29,
        baseline_year=2019,
        target_value=None,
        target_direction="increase",
        better="higher",
    )
