"""Access-matrix rows of the employment part "magazine" (merged in access_rows.py).

The job magazine is the secretariat's alone: every other role gets 403, the anonymous the
login page."""

import datetime

from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only
from employment.models import MagazineDistribution, MagazineIssue, MagazineItem
from employment.tests.factories import JobPostingFactory, MagazineIssueFactory

SECRETARIAT = Role.SECRETARIAT


def _issue(city, **extra) -> MagazineIssue:
    return MagazineIssueFactory(local_government=city.lg, **extra)


def _item(city, issue, order=1) -> MagazineItem:
    posting = JobPostingFactory(employer__local_government=city.lg)
    return MagazineItem.objects.create(
        local_government=city.lg, issue=issue, posting=posting, order=order
    )


def _draft(city) -> dict:
    return {"pk": _issue(city).pk}


def _draft_with_items(city) -> dict:
    issue = _issue(city)
    _item(city, issue, 1)
    _item(city, issue, 2)
    return {"pk": issue.pk}


def _item_kwargs(city) -> dict:
    issue = _issue(city)
    item = _item(city, issue, 1)
    _item(city, issue, 2)
    return {"pk": issue.pk, "item": item.pk}


def _issued(city) -> dict:
    issue = _issue(
        city,
        status=MagazineIssue.Status.ISSUED,
        issued_on=datetime.date(2026, 4, 1),
        copies_printed=300,
    )
    return {"pk": issue.pk}


def _distribution_kwargs(city) -> dict:
    issue = _issue(
        city,
        status=MagazineIssue.Status.ISSUED,
        issued_on=datetime.date(2026, 4, 1),
        copies_printed=300,
    )
    distribution = MagazineDistribution.objects.create(
        local_government=city.lg,
        issue=issue,
        destination=MagazineDistribution.Destination.PROBATION_OFFICE,
        copies=50,
    )
    return {"pk": issue.pk, "distribution": distribution.pk}


ROWS = {
    "magazine:index": staff_only(SECRETARIAT),
    "magazine:issues_csv": staff_only(SECRETARIAT),
    "magazine:create": staff_only(SECRETARIAT),
    "magazine:detail": staff_only(SECRETARIAT, kwargs=_draft_with_items),
    "magazine:edit": staff_only(
        SECRETARIAT,
        kwargs=_draft,
        post=page_form(succeeds=True, how_to_apply="保護観察所にご相談ください（架空）"),
    ),
    "magazine:delete": staff_only(SECRETARIAT, ok=REDIRECT, kwargs=_draft, method="post"),
    "magazine:postings": staff_only(SECRETARIAT, kwargs=_draft),
    "magazine:item_move": staff_only(
        SECRETARIAT, ok=REDIRECT, kwargs=_item_kwargs, method="post", data={"direction": "down"}
    ),
    "magazine:item_remove": staff_only(
        SECRETARIAT, ok=REDIRECT, kwargs=_item_kwargs, method="post"
    ),
    "magazine:publish": staff_only(SECRETARIAT, kwargs=_draft_with_items),
    "magazine:preview": staff_only(SECRETARIAT, kwargs=_draft_with_items),
    "magazine:pdf": staff_only(SECRETARIAT, kwargs=_draft_with_items),
    # starts the background job and goes to its page (core.jobs)
    "magazine:pdf_job": staff_only(
        SECRETARIAT, ok=REDIRECT, kwargs=_draft_with_items, method="post"
    ),
    "magazine:distribution_add": staff_only(SECRETARIAT, kwargs=_issued),
    "magazine:distribution_delete": staff_only(
        SECRETARIAT, ok=REDIRECT, kwargs=_distribution_kwargs, method="post"
    ),
}
