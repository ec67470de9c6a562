"""Masking: the seekers' legal status and offences are masked on their page, their edit form,
the list and the matches page; a reason (posted) reveals them for that one response and goes
into the sensitive-read audit entry; another organization cannot reveal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core import audit
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from employment.models import JobSeeker, LegalStatus, Offence
from employment.tests.factories import JobSeekerFactory

pytestmark = pytest.mark.django_db

REASON = "本人と求人の受け入れ条件を確認するため"
SECRETS = ("仮釈放中", "薬物", "窃盗")


def partner_of(city):
    return city.users[Role.PARTNER]


def seeker_of(city, **fields) -> JobSeeker:
    fields.setdefault("legal_status", LegalStatus.PAROLE)
    fields.setdefault("offences", to_mask(Offence, ["theft", "drugs"]))
    return JobSeekerFactory(supporter_organization=partner_of(city).organization, **fields)


def reveal(client, seeker, **data):
    return client.post(reverse("seekers:reveal", args=[seeker.pk]), data)


def reads():
    return AuditEntry.objects.filter(action=audit.SENSITIVE_READ)


def test_the_page_the_form_the_list_and_the_matches_are_masked(client, city):
    seeker = seeker_of(city)
    nothing = seeker_of(city, offences=0)
    client.force_login(partner_of(city))
    for name in ("seekers:detail", "seekers:edit", "seekers:matches"):
        html = client.get(reverse(name, args=[seeker.pk])).content.decode()
        assert not any(secret in html for secret in SECRETS), name
        assert "前歴あり（表示するには理由を入力）" in html, name
        assert "登録あり（表示するには理由を入力）" in html, name
    edit = client.get(reverse("seekers:edit", args=[seeker.pk])).content.decode()
    assert 'name="legal_status"' not in edit and 'name="offences"' not in edit
    assert 'name="reason"' in edit
    listing = client.get(reverse("seekers:index")).content.decode()
    assert not any(secret in listing for secret in SECRETS)
    assert listing.count("前歴あり（表示するには理由を入力）") == 1
    assert reverse("seekers:reveal", args=[seeker.pk]) in listing
    assert reverse("seekers:reveal", args=[nothing.pk]) not in listing
    assert not reads().exists()


def test_a_reason_reveals_the_values_once_and_is_audited(client, city):
    seeker = seeker_of(city)
    partner = partner_of(city)
    client.force_login(partner)

    response = reveal(client, seeker, reason=f"  {REASON} ", show="detail")

    html = response.content.decode()
    assert response.status_code == 200
    assert "仮釈放中" in html and "窃盗、薬物" in html
    assert "no-store" in response["Cache-Control"]
    entry = reads().get()
    assert entry.actor == partner and entry.object_id == str(seeker.pk)
    assert entry.object_type == "employment.jobseeker"
    assert entry.local_government == seeker.local_government
    assert entry.changes["reason"] == REASON
    assert entry.changes["purpose"] == "detail"
    assert entry.changes["fields"] == ["legal_status", "offences"]
    assert entry.changes["kind"] == "criminal_history"
    assert entry.changes["ip"] == "127.0.0.1"
    # no lingering unmask: the page is masked again afterwards
    again = client.get(reverse("seekers:detail", args=[seeker.pk])).content.decode()
    assert "仮釈放中" not in again


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "表示する理由を入力してください。"),
        ("   ", "表示する理由を入力してください。"),
        ("a", "理由を具体的に入力してください（2文字以上）。"),
        ("理" * 201, "理由は200文字以内で入力してください。"),
    ],
)
def test_without_a_proper_reason_nothing_is_shown_or_logged(client, city, reason, message):
    seeker = seeker_of(city)
    client.force_login(partner_of(city))
    response = reveal(client, seeker, reason=reason, show="detail")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not any(secret in html for secret in SECRETS)
    assert not reads().exists()


def test_a_bad_page_name_is_refused_too(client, city):
    seeker = seeker_of(city)
    client.force_login(partner_of(city))
    response = reveal(client, seeker, reason=REASON, show="everything")
    assert response.status_code == 400
    assert not reads().exists()


def test_the_reason_form_page_asks_first(client, city):
    seeker = seeker_of(city)
    client.force_login(partner_of(city))
    response = client.get(reverse("seekers:reveal", args=[seeker.pk]) + "?show=edit")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in html and 'value="edit"' in html
    assert not any(secret in html for secret in SECRETS)
    assert not reads().exists()


def test_editing_the_sensitive_fields_needs_the_reveal_first(client, city):
    seeker = seeker_of(city)
    client.force_login(partner_of(city))
    url = reverse("seekers:edit", args=[seeker.pk])
    base = {
        "desired_industries": ["construction"],
        "desired_jobs": "倉庫作業",
        "employment_types": ["full_time"],
        "is_active": "on",
    }

    # the masked form leaves them alone, even if values are posted
    response = client.post(url, {**base, "legal_status": "released", "offences": ["violence"]})
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert (seeker.legal_status, seeker.desired_jobs) == ("parole", "倉庫作業")
    assert seeker.offences == to_mask(Offence, ["theft", "drugs"])

    # revealed: the form carries them and the marker that saves them
    revealed = reveal(client, seeker, reason=REASON, show="edit").content.decode()
    assert 'name="sensitive" value="1"' in revealed
    assert 'value="parole" checked' in revealed or 'value="parole" selected' in revealed
    assert reads().get().changes["purpose"] == "edit"
    data = {**base, "legal_status": "released", "offences": ["violence"], "sensitive": "1"}
    assert client.post(url, data).status_code == 302
    seeker.refresh_from_db()
    assert seeker.legal_status == "released"
    assert seeker.offences == to_mask(Offence, ["violence"])


def test_another_organization_cannot_reveal(client, city):
    seeker = seeker_of(city)
    stranger = UserFactory(
        role=Role.PARTNER, organization=OrganizationFactory(local_government=city.lg)
    )
    client.force_login(stranger)
    assert reveal(client, seeker, reason=REASON, show="detail").status_code == 404
    assert not reads().exists()


def test_an_anonymised_profile_says_so(client, city):
    seeker = seeker_of(city)
    JobSeeker.objects.filter(pk=seeker.pk).update(
        legal_status="", offences=0, anonymised_at=timezone.now()
    )
    client.force_login(partner_of(city))
    html = client.get(reverse("seekers:detail", args=[seeker.pk])).content.decode()
    assert "消去済み（保存期間の経過）" in html
    assert 'name="reason"' not in html
    # its plain fields can still be edited (an erased status is valid)
    response = client.post(
        reverse("seekers:edit", args=[seeker.pk]),
        {"desired_industries": ["construction"], "employment_types": ["full_time"]},
    )
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert (seeker.legal_status, seeker.is_active) == ("", False)
