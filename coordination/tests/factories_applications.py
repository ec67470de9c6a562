"""Factories of the application tests (応募 to a 協力雇用主's posting). All fictional (架空)."""

from accounts.models import Organization
from coordination.models import FieldGroup, NeedArea, Referral
from coordination.tests.factories import matrix_world, share
from coordination.tests.factories_referrals import sent_referral
from core.roles import Role
from employment.models import Employer, JobPosting
from employment.tests.factories import EmployerFactory, JobPostingFactory


def company_of(organization: Organization) -> Employer:
    """The approved employer of an employer organization (get or create)."""
    return Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=organization.local_government,
        organization=organization,
        name=organization.name,
    )


def posting_of(organization: Organization, **kwargs) -> JobPosting:
    """A published posting of the employer organization's company."""
    return JobPostingFactory(employer=company_of(organization), **kwargs)


def application(case, posting: JobPosting, consent, *, groups=(FieldGroup.BASIC,), **kwargs):
    """A sent application of `case` to `posting`, the employer covered by `consent` for the
    groups (a scope written directly, as the application form would record it)."""
    organization = posting.employer.organization
    share(consent, organization, *groups)
    return sent_referral(
        case,
        organization,
        groups=groups,
        posting=posting,
        area=NeedArea.WORK,
        purpose="求人への応募",
        **kwargs,
    )


def matrix_posting(city) -> JobPosting:
    """The published posting of the city's employer account's company (get or create)."""
    organization = city.users[Role.EMPLOYER].organization
    return JobPosting.objects.filter(employer__organization=organization).first() or posting_of(
        organization, title="調理補助（架空）"
    )


def matrix_application(city) -> Referral:
    """A sent application of the matrix's case (factories.matrix_world) to the city's
    employer, with 基本 and 連絡先 consented and sent."""
    world = matrix_world(city)
    return application(
        world.case,
        matrix_posting(city),
        world.consent,
        groups=(FieldGroup.BASIC, FieldGroup.CONTACT),
        note="面接は平日の午前を希望します（架空）",
    )


def matrix_application_kwargs(city) -> dict:
    return {"pk": matrix_application(city).pk}
