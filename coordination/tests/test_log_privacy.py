"""Nothing personal in the application log (core/logs.py; core/testing/logscan.py).

The demo data is seeded into the small city (seed_demo: accounts, employers, postings, the
support cases of three fictional persons), then a representative walk runs through the test
client as the public, the demo partner (who leads the cases and reveals a contact) and the demo
secretariat: every public page of the body (anonymously) and every staff page that needs no record, each case and referral, searches for the demo
names in query strings, a refused page, a missing one and failed sign-ins with a demo name.
Every line logged meanwhile, at DEBUG and up, must hold none of the names, contacts, offence
details, legal-status or offence words, user names or e-mail addresses saved."""

import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from coordination.models import Case, Referral
from coordination.tests.log_words import demo_words
from core.roles import Role
from core.testing.urls import all_url_names

# pages that do work a walk has no business doing (downloads of every record, PDFs)
SKIPPED_SUFFIXES = ("csv", "xlsx", "zip", "pdf", "ics", "logout", "descriptor", "schema")


def _simple_urls(slug: str) -> tuple[list[str], list[str]]:
    """Every GET page that needs no record: the body's pages (with its slug), the others."""
    public, staff = [], []
    for name in sorted(all_url_names()):
        if name.rsplit(":", 1)[-1].endswith(SKIPPED_SUFFIXES):
            continue
        for kwargs, urls in (({}, staff), ({"lg": slug}, public)):
            try:
                urls.append(reverse(name, kwargs=kwargs))
                break
            except NoReverseMatch:
                continue
    return public, staff


@pytest.fixture
def demo_city(city):
    call_command("seed_demo", local_government=city.lg.slug, stdout=open("/dev/null", "w"))
    return city


def _walk(client, urls):
    for url in urls:
        client.get(url, {"q": "架空 一郎", "name": "架空 花子"})


def test_a_walk_through_the_demo_logs_nothing_personal(log_scan, demo_city):
    slug = demo_city.lg.slug
    public_urls, staff_urls = _simple_urls(slug)
    people = {user.role: user for user in User.objects.filter(is_fictional=True)}
    assert {Role.PARTNER, Role.SECRETARIAT} <= set(people)
    cases = list(Case.objects.filter(local_government=demo_city.lg))
    assert len(cases) == 3

    anonymous = Client(raise_request_exception=False)
    _walk(anonymous, public_urls)
    anonymous.post(reverse("accounts:login"), {"username": "partner", "password": "wrong"})
    anonymous.post(reverse("accounts:login"), {"username": "架空 一郎", "password": "wrong"})

    partner = Client(raise_request_exception=False)
    partner.force_login(people[Role.PARTNER])
    _walk(partner, staff_urls)
    for case in cases:
        partner.get(reverse("cases:detail", kwargs={"pk": case.pk}))
        partner.post(
            reverse("cases:reveal", kwargs={"pk": case.pk}),
            {"group": "contact", "reason": "架空 一郎さんへの連絡のため"},
        )
    for referral in Referral.objects.all():
        partner.get(reverse("referrals:detail", kwargs={"pk": referral.pk}))

    secretariat = Client(raise_request_exception=False)
    secretariat.force_login(people[Role.SECRETARIAT])
    _walk(secretariat, staff_urls)
    department = Client(raise_request_exception=False)
    department.force_login(people[Role.DEPARTMENT])
    department.get(reverse("staff:audit_log"), {"q": "架空 一郎"})  # refused: 403

    finished = [line for line in log_scan.lines if '"request_finished"' in line]
    # the walk was logged, one line a request
    assert len(finished) >= len(public_urls) + 2 * len(staff_urls)
    assert any('"code": 403' in line for line in finished)
    log_scan.assert_clean(demo_words())


def test_the_scan_catches_a_name_in_the_log(log_scan, demo_city):
    # the scan is not blind: a name logged by mistake is found
    logging.getLogger("tsunagu.mistake").warning("opened the case of %s", "架空 次郎")
    assert [word for word, _line in log_scan.leaks(demo_words())] == ["架空 次郎"]
    assert "testcity-secretariat" in log_scan.personal.words  # what the test saved counts too
