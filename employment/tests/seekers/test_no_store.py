"""A job seeker's profile (with its 前歴) and the seekers' CSV are never kept by a cache
(core/web/headers.py: Cache-Control: no-store for every signed-in user)."""

from django.urls import reverse

from accounts.tests.factories import reauthenticate
from core.roles import Role
from employment.tests.factories import JobSeekerFactory


def test_a_seekers_profile_and_the_csv_come_back_with_no_store(client, city):
    partner = city.users[Role.PARTNER]
    seeker = JobSeekerFactory(supporter_organization=partner.organization)
    client.force_login(partner)
    reauthenticate(client)  # the CSV is a personal-data export
    for url in (
        reverse("seekers:detail", args=[seeker.pk]),
        reverse("seekers:csv"),
        reverse("seekers:index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, url
