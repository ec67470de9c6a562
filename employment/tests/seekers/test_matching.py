"""Matching: the hard filters (offences, probation, juveniles), the scores and their
explanations, the excluded postings with their reasons, a constant number of queries, the
seeker profiles seen only by their supporting organization (every read of their offences
logged), and the count an employer sees (never below 5)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory, reauthenticate
from core import audit
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.models import (
    Employer,
    EmploymentType,
    Industry,
    JobPosting,
    JobSeeker,
    LegalStatus,
    Offence,
)
from employment.seekers import matching
from employment.tests.factories import EmployerFactory, JobPostingFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


# --- helpers -----------------------------------------------------------------------------------


def partner_of(city):
    return city.users[Role.PARTNER]


def seeker_of(city, **fields) -> JobSeeker:
    fields.setdefault("legal_status", LegalStatus.RELEASED)
    return JobSeekerFactory(supporter_organization=partner_of(city).organization, **fields)


def posting_in(city, *, industry=Industry.CONSTRUCTION, employer=None, **fields) -> JobPosting:
    employer = employer or EmployerFactory(local_government=city.lg, industry=industry)
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=60))
    return JobPostingFactory(employer=employer, industry=industry, **fields)


def matched(seeker) -> list[JobPosting]:
    return [result.posting for result in matching.match(seeker, limit=100)]


def excluded_reasons(seeker) -> dict[int, list[str]]:
    return {item.posting.pk: item.reasons for item in matching.excluded(seeker, limit=100)}


def offences(*values) -> int:
    return to_mask(Offence, values)


# --- hard filters ------------------------------------------------------------------------------


def test_it_excludes_a_posting_that_refuses_one_of_the_seekers_offences(city):
    seeker = seeker_of(city, offences=offences("theft", "traffic"))
    refuses_theft = posting_in(city, excluded_offences=offences("theft"))
    refuses_drugs = posting_in(city, excluded_offences=offences("drugs", "sexual"))
    refuses_nothing = posting_in(city)

    assert set(matched(seeker)) == {refuses_drugs, refuses_nothing}
    assert excluded_reasons(seeker) == {
        refuses_theft.pk: ["この企業は窃盗の前歴のある方の応募を受け付けていません"]
    }


def test_it_names_every_refused_offence_of_the_seeker(city):
    seeker = seeker_of(city, offences=offences("theft", "drugs"))
    both = posting_in(city, excluded_offences=offences("theft", "drugs", "arson"))

    assert excluded_reasons(seeker)[both.pk] == [
        "この企業は窃盗の前歴のある方の応募を受け付けていません",
        "この企業は薬物の前歴のある方の応募を受け付けていません",
    ]


@pytest.mark.parametrize("status", [LegalStatus.PROBATION, LegalStatus.PAROLE])
def test_it_excludes_a_posting_closed_to_people_on_probation(city, status):
    seeker = seeker_of(city, legal_status=status)
    closed = posting_in(city, probation_welcome=False)
    welcoming = posting_in(city, probation_welcome=True)

    assert matched(seeker) == [welcoming]
    assert excluded_reasons(seeker) == {
        closed.pk: ["この求人は保護観察中の方の応募を受け付けていません"]
    }


def test_the_probation_rule_does_not_apply_after_release(city):
    seeker = seeker_of(city, legal_status=LegalStatus.RELEASED)
    closed_to_probation = posting_in(city, probation_welcome=False)

    assert matched(seeker) == [closed_to_probation]
    assert matching.excluded(seeker) == []


def test_a_juvenile_needs_a_posting_that_welcomes_juveniles_and_probation(city):
    seeker = seeker_of(city, legal_status=LegalStatus.JUVENILE)
    adults_only = posting_in(city, juveniles_welcome=False)
    welcoming = posting_in(city, juveniles_welcome=True, probation_welcome=True)
    no_probation = posting_in(city, juveniles_welcome=True, probation_welcome=False)

    assert matched(seeker) == [welcoming]
    reasons = excluded_reasons(seeker)
    assert reasons[adults_only.pk] == ["この求人は少年の応募を受け付けていません"]
    assert reasons[no_probation.pk] == ["この求人は保護観察中の方の応募を受け付けていません"]


def test_housing_is_scored_not_filtered(city):
    seeker = seeker_of(city, needs_housing=True)
    without = posting_in(city)
    with_dormitory = posting_in(city, dormitory=True)

    results = matching.match(seeker)

    assert [r.posting for r in results] == [with_dormitory, without]
    assert "寮があります" in results[0].reasons
    assert results[0].score - results[1].score == matching.POINTS_HOUSING
    assert results[1].cautions == ["寮・社宅はありません（住まいは別に探す必要があります）"]


def test_only_open_postings_of_approved_employers_of_the_same_city_are_matched(city):
    seeker = seeker_of(city)
    today = timezone.localdate()
    fine = posting_in(city, ends_on=today)
    posting_in(city, status=JobPosting.Status.DRAFT)
    posting_in(city, status=JobPosting.Status.CLOSED)
    posting_in(city, ends_on=today - datetime.timedelta(days=1))
    withdrawn = EmployerFactory(local_government=city.lg, status=Employer.Status.WITHDRAWN)
    posting_in(city, employer=withdrawn)
    elsewhere = EmployerFactory(local_government=LocalGovernmentFactory())
    JobPostingFactory(employer=elsewhere)
    not_public = posting_in(
        city, employer=EmployerFactory(local_government=city.lg, is_public=False)
    )

    assert set(matched(seeker)) == {fine, not_public}


# --- scores and explanations -------------------------------------------------------------------


def test_it_ranks_by_the_seekers_wishes_and_says_why(city):
    seeker = seeker_of(
        city,
        desired_industries=to_mask(Industry, ["construction", "transport"]),
        desired_wards="中央区、東区",
        employment_types=to_mask(EmploymentType, ["full_time"]),
        licences="フォークリフト、普通自動車免許",
        desired_jobs="配送",
        needs_housing=True,
    )
    best = posting_in(
        city,
        title="配送ドライバー（架空）",
        industry=Industry.TRANSPORT,
        ward="東区",
        employment_type=EmploymentType.FULL_TIME,
        qualifications="普通自動車免許",
        company_housing=True,
        meals=True,
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    middling = posting_in(city, ward="中央区", employment_type=EmploymentType.PART_TIME)
    poor = posting_in(
        city,
        industry=Industry.FOOD_SERVICE,
        ward="南区",
        employment_type=EmploymentType.PART_TIME,
    )

    results = matching.match(seeker)

    assert [r.posting for r in results] == [best, middling, poor]
    assert results[0].reasons == [
        "希望の業種（運送業）です",
        "希望の仕事（配送）に合う職種です",
        "希望の地域（東区）です",
        "希望の雇用形態（正社員）です",
        "社宅があります",
        "食事の提供があります",
        "お持ちの資格（普通自動車免許）が必要な資格に書かれています",
        "公開から2週間以内の新しい求人です",
    ]
    assert results[0].score == (
        matching.POINTS_INDUSTRY
        + matching.POINTS_JOB
        + matching.POINTS_WARD
        + matching.POINTS_EMPLOYMENT_TYPE
        + matching.POINTS_HOUSING
        + matching.POINTS_MEALS
        + matching.POINTS_LICENCE
        + matching.POINTS_RECENT
    )
    assert results[1].reasons == ["希望の業種（建設業）です", "希望の地域（中央区）です"]
    assert results[2].score == 0
    assert results[2].reasons == []


def test_licences_and_jobs_match_whatever_the_case_of_their_letters(city):
    # a term with letters that have a case (「pc」「excel」) is compared ignoring case, a
    # term without (「作業員」) as it is: both give the same answer as before
    seeker = seeker_of(city, licences="excel、フォークリフト", desired_jobs="pc、作業員")
    posting = posting_in(
        city, title="PC入力・倉庫作業員（架空）", qualifications="EXCEL、フォークリフト"
    )
    other = posting_in(city, title="調理補助（架空）", qualifications="なし")

    results = {result.posting: result for result in matching.match(seeker)}

    assert results[posting].reasons[:4] == [
        "希望の仕事（pc）に合う職種です",
        "希望の仕事（作業員）に合う職種です",
        "お持ちの資格（excel）が必要な資格に書かれています",
        "お持ちの資格（フォークリフト）が必要な資格に書かれています",
    ]
    assert not results[other].reasons


def test_it_says_when_a_posting_accepts_the_seekers_status(city):
    seeker = seeker_of(city, legal_status=LegalStatus.PROBATION, offences=offences("theft"))
    posting_in(city)

    [result] = matching.match(seeker)

    assert result.reasons == [
        "前歴による応募の制限はありません",
        "保護観察中の方の応募を受け付けています",
    ]


def test_it_counts_the_matched_and_excluded_postings(city):
    seeker = seeker_of(city, legal_status=LegalStatus.PROBATION, offences=offences("drugs"))
    posting_in(city)
    posting_in(city)
    posting_in(city, excluded_offences=offences("drugs"))
    posting_in(city, probation_welcome=False)

    assert matching.counts(seeker) == matching.Counts(matched=2, excluded=2)


def test_it_pages_through_the_results(city):
    seeker = seeker_of(city)
    postings = [posting_in(city) for _ in range(5)]

    first = matching.match(seeker, limit=2)
    rest = matching.match(seeker, limit=10, offset=2)

    assert len(first) == 2
    assert {r.posting for r in first} | {r.posting for r in rest} == set(postings)


def test_the_number_of_queries_does_not_grow_with_the_postings(city, django_assert_num_queries):
    seeker = seeker_of(
        city,
        offences=offences("theft"),
        legal_status=LegalStatus.PROBATION,
        desired_industries=to_mask(Industry, ["construction"]),
        needs_housing=True,
        licences="フォークリフト",
    )
    for _ in range(3):
        posting_in(city, dormitory=True)
        posting_in(city, excluded_offences=offences("theft"))
    # ranking ids, then the page with its employers (PostgreSQL adds the SET LOCAL that keeps
    # the ranking in one process, and its savepoint)
    match_queries = 2 if connection.vendor != "postgresql" else 5
    with django_assert_num_queries(match_queries):
        few = matching.match(seeker)
    with django_assert_num_queries(1):
        matching.excluded(seeker)
    for _ in range(20):
        posting_in(city, dormitory=True, qualifications="フォークリフト")
        posting_in(city, probation_welcome=False)
    with django_assert_num_queries(match_queries):
        many = matching.match(seeker, limit=50)
    with django_assert_num_queries(1):
        excluded = matching.excluded(seeker, limit=50)
    assert [len(few), len(many), len(excluded)] == [3, 23, 23]
    assert all(result.reasons for result in many)


# --- the employer's count ----------------------------------------------------------------------


def test_an_employer_sees_at_most_that_fewer_than_5_seekers_fit(city):
    posting = posting_in(city, excluded_offences=offences("sexual"), probation_welcome=False)
    construction = to_mask(Industry, ["construction"])
    for _ in range(4):
        seeker_of(city, desired_industries=construction, offences=offences("theft"))
    # not counted: wrong industry, refused offence, status not welcome, not active
    seeker_of(city, desired_industries=to_mask(Industry, ["food_service"]))
    seeker_of(city, desired_industries=construction, offences=offences("sexual"))
    seeker_of(city, desired_industries=construction, legal_status=LegalStatus.PROBATION)
    seeker_of(city, desired_industries=construction, is_active=False)

    count = matching.matching_seekers_count(posting)
    assert count.suppressed
    assert count.count is None
    assert str(count) == "5人未満"

    seeker_of(city, desired_industries=construction | to_mask(Industry, ["transport"]))
    count = matching.matching_seekers_count(posting)
    assert (count.count, str(count)) == (5, "5人")


def test_no_seeker_is_also_shown_as_fewer_than_5(city):
    assert str(matching.matching_seekers_count(posting_in(city))) == "5人未満"


def test_the_employer_sees_the_count_on_its_posting_but_no_seeker(client, city):
    employer_user = city.users[Role.EMPLOYER]
    employer = EmployerFactory(
        local_government=city.lg, organization=employer_user.organization, name="建設会社（架空）"
    )
    posting = posting_in(city, employer=employer)
    seeker = seeker_of(city, desired_industries=to_mask(Industry, ["construction"]))
    client.force_login(employer_user)

    page = client.get(reverse("postings:detail", args=[posting.pk])).content.decode()

    assert "この求人に合う求職者" in page
    assert "5人未満" in page
    assert seeker.code not in page
    assert client.get(reverse("seekers:detail", args=[seeker.pk])).status_code == 403


# --- seeker profiles ---------------------------------------------------------------------------


def seeker_post(**overrides) -> dict:
    data = {
        "desired_industries": ["construction", "manufacturing"],
        "desired_jobs": "解体作業",
        "desired_wards": "中央区 東区",
        "employment_types": ["full_time"],
        "needs_housing": "on",
        "licences": "普通自動車免許",
        "legal_status": "probation",
        "offences": ["theft"],
    }
    data.update(overrides)
    return data


def test_a_supporter_registers_an_anonymous_profile_with_a_generated_code(client, city):
    client.force_login(partner_of(city))
    year = timezone.localdate().year

    response = client.post(reverse("seekers:create"), seeker_post())
    client.post(reverse("seekers:create"), seeker_post())

    first, second = JobSeeker.objects.order_by("id")
    assert response.status_code == 302
    assert (first.code, second.code) == (f"S-{year}-0001", f"S-{year}-0002")
    assert first.supporter_organization == partner_of(city).organization
    assert first.desired_industries == to_mask(Industry, ["construction", "manufacturing"])
    assert first.desired_wards == "中央区、東区"
    assert first.offences == offences("theft")
    assert first.needs_housing and first.is_active
    entry = assert_audited(
        action="employment.seeker.create",
        actor=partner_of(city),
        obj=first,
        changes_include={
            "needs_housing": {"before": None, "after": True},
            "desired_wards": {"before": None, "after": "中央区、東区"},
        },
    )
    assert "offences" not in entry.changes
    assert entry.changes["sensitive_fields_changed"] == ["legal_status", "offences"]


def test_the_form_asks_not_to_type_names(client, city):
    client.force_login(partner_of(city))
    page = client.get(reverse("seekers:create")).content.decode()
    assert "氏名・生年月日・住所・電話番号など、本人が分かる情報は入力しないでください" in page
    assert 'name="name"' not in page


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"legal_status": ""}, "legal_status", "法的な状況を選んでください。"),
        ({"legal_status": "pirate"}, "legal_status", "一覧から選んでください。"),
        ({"offences": ["nonsense"]}, "offences", "一覧から選んでください。"),
        ({"licences": "1990/4/1生まれ"}, "licences", "生年月日など、本人が分かる情報"),
        ({"desired_jobs": "昭和60年 生"}, "desired_jobs", "生年月日など、本人が分かる情報"),
        ({"desired_wards": "あ" * 25}, "desired_wards", "区の名前が長すぎます"),
    ],
)
def test_a_bad_profile_is_refused_with_a_message(client, city, overrides, field, message):
    client.force_login(partner_of(city))

    response = client.post(reverse("seekers:create"), seeker_post(**overrides))

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not JobSeeker.objects.exists()


def test_a_profile_is_seen_only_by_its_supporting_organization(client, city):
    seeker = seeker_of(city)
    other_partner = UserFactory(
        username="other-partner",
        role=Role.PARTNER,
        organization=OrganizationFactory(
            local_government=city.lg, kind="partner", name="別の支援団体（架空）"
        ),
    )
    for user, expected in [
        (partner_of(city), 200),
        (other_partner, 404),
        (city.users[Role.SECRETARIAT], 404),
        (city.users[Role.VOLUNTEER], 404),
        (city.users[Role.EMPLOYER], 403),
    ]:
        client.force_login(user)
        for name in ("detail", "edit", "matches", "hire_create"):
            response = client.get(reverse(f"seekers:{name}", args=[seeker.pk]))
            assert response.status_code == expected, (user.username, name)
    client.force_login(other_partner)
    assert seeker.code not in client.get(reverse("seekers:index")).getvalue().decode()
    reauthenticate(client)  # a personal-data export
    assert seeker.code not in client.get(reverse("seekers:csv")).getvalue().decode()


def test_the_secretariat_sees_the_profiles_it_entered_itself(client, city):
    secretariat = city.users[Role.SECRETARIAT]
    client.force_login(secretariat)
    client.post(reverse("seekers:create"), seeker_post())
    own = JobSeeker.objects.get()
    partners = seeker_of(city)

    listing = client.get(reverse("seekers:index")).content.decode()

    assert own.supporter_organization == secretariat.organization
    assert own.code in listing and partners.code not in listing
    assert client.get(reverse("seekers:detail", args=[own.pk])).status_code == 200


def test_every_read_of_the_offences_is_logged_and_the_masked_pages_are_not(client, city):
    seeker = seeker_of(city, offences=offences("drugs"))
    client.force_login(partner_of(city))

    client.get(reverse("seekers:index"))
    reauthenticate(client)  # a personal-data export
    client.get(reverse("seekers:csv"))
    detail = client.get(
        reverse("seekers:detail", args=[seeker.pk]), REMOTE_ADDR="203.0.113.7"
    ).content.decode()
    client.get(reverse("seekers:edit", args=[seeker.pk]), REMOTE_ADDR="203.0.113.7")
    client.get(reverse("seekers:matches", args=[seeker.pk]), REMOTE_ADDR="203.0.113.7")
    # The list, the CSV and the masked pages show no offence and log no read.
    assert "薬物" not in detail  # masked until a reason is given (test_reveal.py)
    assert "前歴あり（表示するには理由を入力）" in detail
    assert not audit.sensitive_reads(AuditEntry.objects.all()).exists()

    # The postings the offences exclude name them: that list is a read.
    client.get(
        reverse("seekers:matches", args=[seeker.pk]), {"excluded": "1"}, REMOTE_ADDR="203.0.113.7"
    )
    reads = audit.sensitive_reads(AuditEntry.objects.all()).order_by("id")
    assert [entry.changes["purpose"] for entry in reads] == ["matching"]
    for entry in reads:
        assert entry.action == audit.SENSITIVE_READ
        assert (entry.actor, entry.local_government) == (partner_of(city), seeker.local_government)
        assert (entry.object_type, entry.object_id) == ("employment.jobseeker", str(seeker.pk))
        assert entry.object_label == str(seeker)
        assert entry.changes["kind"] == "criminal_history"
        assert entry.changes["fields"] == ["legal_status", "offences"]
        assert entry.changes["ip"] == "203.0.113.7"
        assert "drugs" not in str(entry.changes) and "薬物" not in str(entry.changes)


def test_an_update_is_audited_without_the_offences(client, city):
    seeker = seeker_of(city, offences=offences("theft"))
    client.force_login(partner_of(city))

    response = client.post(
        reverse("seekers:edit", args=[seeker.pk]),
        seeker_post(offences=["theft", "violence"], is_active="on", sensitive="1"),
    )

    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.offences == offences("theft", "violence")
    entry = AuditEntry.objects.get(action="employment.seeker.update")
    assert "offences" not in entry.changes
    assert "violence" not in str(entry.changes) and "暴行" not in str(entry.changes)
    assert "offences" in entry.changes["sensitive_fields_changed"]


def test_the_matches_page_explains_and_lists_the_excluded_on_request(client, city):
    seeker = seeker_of(
        city,
        offences=offences("theft"),
        desired_industries=to_mask(Industry, ["construction"]),
        needs_housing=True,
    )
    fitting = posting_in(city, title="型枠工（架空）", dormitory=True)
    refusing = posting_in(city, title="倉庫作業（架空）", excluded_offences=offences("theft"))
    client.force_login(partner_of(city))
    url = reverse("seekers:matches", args=[seeker.pk])

    page = client.get(url).content.decode()
    assert fitting.title in page and refusing.title not in page
    assert "希望の業種（建設業）です" in page and "寮があります" in page
    assert "受け入れ条件により除いた求人 1件" in page
    assert "この企業は窃盗の前歴のある方の応募を受け付けていません" not in page

    page = client.get(url, {"excluded": "1"}).content.decode()
    assert refusing.title in page
    assert "この企業は窃盗の前歴のある方の応募を受け付けていません" in page


def test_a_bad_page_number_on_the_matches_page_is_not_an_error(client, city):
    seeker = seeker_of(city)
    client.force_login(partner_of(city))
    for page in ("abc", "-3", "99999999999"):
        response = client.get(reverse("seekers:matches", args=[seeker.pk]), {"page": page})
        assert response.status_code == 200
