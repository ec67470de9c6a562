"""Access-matrix rows of the employment part "postings" (merged in access_rows.py).

The rows' posting belongs to the city's employer user's company (建設会社（架空）, approved):
the secretariat and that employer may change it; supporters (担当課, 関係機関・団体,
更生保護ボランティア) may read it once published; the housing provider and the system
admin are refused; the public sees it on the job board (and through the API) when its
company is public. An employer that opens another company's posting gets 404
(test_postings.py)."""

import datetime

from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, page_form, staff_only
from employment.models import Employer, JobPosting
from employment.tests.factories import EmployerFactory, JobPostingFactory

READERS = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER)
# every supporter of the city reads every published posting; another company does not
SUPPORTERS = (Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)
MANAGERS = (Role.SECRETARIAT, Role.EMPLOYER)


def own_employer(city) -> Employer:
    """The approved employer of the city's employer account (made once per test)."""
    organization = city.users[Role.EMPLOYER].organization
    employer = Employer.objects.filter(organization=organization).first()
    if employer is None:
        employer = EmployerFactory(
            local_government=city.lg, organization=organization, name="建設会社（架空）"
        )
    return employer


def _with_employer(city) -> dict:
    own_employer(city)
    return {}


def _posting(city, **fields) -> JobPosting:
    return JobPostingFactory(
        employer=own_employer(city),
        ends_on=datetime.date.today() + datetime.timedelta(days=30),
        **fields,
    )


def _published(city) -> dict:
    return {"pk": _posting(city).pk}


def _draft(city) -> dict:
    return {"pk": _posting(city, status=JobPosting.Status.DRAFT, published_at=None).pk}


def _public(city) -> dict:
    return {"lg": city.lg.slug, "pk": _posting(city).pk}


ROWS = {
    "postings:index": staff_only(*READERS, kwargs=_with_employer),
    "postings:csv": staff_only(*READERS, kwargs=_with_employer),
    "postings:xlsx": staff_only(*READERS, kwargs=_with_employer),
    "postings:create": staff_only(
        *MANAGERS,
        kwargs=_with_employer,
        post=page_form(
            lambda city: {"employer": own_employer(city).pk},
            succeeds=True,
            title="型枠大工（架空）",
            description="住宅の基礎工事（架空）",
            workplace="熊本市中央区（架空）",
            wage_min="200000",
            working_hours="8:00〜17:00",
        ),
    ),
    "postings:detail": staff_only(*READERS, kwargs=_published, shared=SUPPORTERS),
    "postings:print": staff_only(*READERS, kwargs=_published, shared=SUPPORTERS),
    "postings:edit": staff_only(*MANAGERS, kwargs=_published),
    # the secretariat publishes the draft; the employer's second try is refused with a
    # message on the posting's page (a redirect too)
    "postings:publish": staff_only(*MANAGERS, ok=REDIRECT, kwargs=_draft, method="post"),
    "postings:close": staff_only(*MANAGERS, ok=REDIRECT, kwargs=_published, method="post"),
    "jobs:board": everyone(kwargs="lg"),
    "jobs:posting": everyone(kwargs=_public),
    "jobs:posting_print": everyone(kwargs=_public),
    "jobs_api:posting_list": everyone(kwargs="lg"),
    "jobs_api:posting_detail": everyone(kwargs=_public),
}
