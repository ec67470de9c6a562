"""Job postings: the lifecycle and its validation (the minimum wage above all), who sees
which posting in the back office, the public job board (published, public, unexpired only;
filters; a query count that does not grow), its API and its open-data resource."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry
from core.opendata import get_resource
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, open_workbook, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment import selectors
from employment.choice_masks import to_mask
from employment.models import Employer, EmploymentType, Industry, JobPosting, Offence
from employment.postings import services
from employment.tests.factories import EmployerFactory, JobPostingFactory
from employment.tests.postings.access_rows import own_employer

TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
YESTERDAY = TODAY - datetime.timedelta(days=1)
KUMAMOTO_WAGES = {
    "43": [("2023-10-08", 898), ("2024-10-05", 952), ("2026-01-01", 1034)],
}


def values(**changes) -> dict:
    """A complete, valid posting as the service takes it."""
    base = {
        "title": "現場作業員（架空）",
        "industry": Industry.CONSTRUCTION,
        "description": "道路の工事現場での作業です。",
        "workplace": "熊本市中央区（架空）",
        "ward": "中央区",
        "employment_type": EmploymentType.FULL_TIME,
        "wage_form": JobPosting.WageForm.MONTHLY,
        "wage_min": 200000,
        "wage_max": None,
        "working_hours": "8:00〜17:00",
        "holidays": "日曜",
        "social_insurance": "",
        "qualifications": "",
        "experience": "",
        "trial_period": "",
        "openings": 1,
        "dormitory": False,
        "company_housing": False,
        "meals": False,
        "probation_welcome": True,
        "juveniles_welcome": False,
        "excluded_offences": 0,
        "message": "",
        "apply_via_volunteer": True,
        "apply_via_probation_office": True,
        "apply_via_hello_work": False,
        "ends_on": NEXT_MONTH,
    }
    base.update(changes)
    return base


def form_data(**changes) -> dict:
    """A complete, valid posting as the form posts it."""
    data = {
        "title": "介護職員（架空）",
        "industry": Industry.MEDICAL_WELFARE,
        "description": "高齢者施設での介護のお仕事です。",
        "workplace": "熊本市東区（架空）",
        "ward": "東区",
        "employment_type": EmploymentType.PART_TIME,
        "wage_form": "monthly",
        "wage_min": "180000",
        "wage_max": "220000",
        "working_hours": "9:00〜18:00",
        "openings": "2",
        "probation_welcome": "on",
        "dormitory": "on",
        "excluded_offences": ["theft", "drugs"],
        "apply_via": ["volunteer", "hello_work"],
        "ends_on": NEXT_MONTH.isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def employer(city):
    return own_employer(city)


@pytest.fixture
def employer_user(city, employer):
    return city.users[Role.EMPLOYER]


@pytest.fixture
def secretariat(city):
    return city.users[Role.SECRETARIAT]


@pytest.fixture
def kumamoto_city(city, settings):
    """The test city under Kumamoto's prefecture code, with Kumamoto's minimum wages."""
    city.lg.code = "431001"
    city.lg.save()
    settings.TSUNAGU_MINIMUM_WAGES = KUMAMOTO_WAGES
    return city


def other_employer(city, **fields) -> Employer:
    organization = OrganizationFactory(
        local_government=city.lg, kind="employer", name="運送会社（架空）"
    )
    return EmployerFactory(local_government=city.lg, organization=organization, **fields)


def posting_of(employer, **fields) -> JobPosting:
    fields.setdefault("ends_on", NEXT_MONTH)
    return JobPostingFactory(employer=employer, **fields)


# --- the minimum wage ----------------------------------------------------------------------


class TestMinimumWage:
    def test_it_refuses_an_hourly_wage_below_the_rate_with_the_prefecture_and_date(
        self, kumamoto_city, employer, employer_user
    ):
        with pytest.raises(ValidationError) as refused:
            services.posting_create(
                actor=employer_user,
                employer=employer,
                values=values(wage_form="hourly", wage_min=800),
                today=datetime.date(2025, 3, 1),
            )
        assert refused.value.message_dict["wage_min"] == [
            "時給 800円 は熊本県の最低賃金（令和6年（2024年）10月5日から 952円）を下回っています。"
        ]
        assert not JobPosting.objects.exists()

    @pytest.mark.parametrize(
        ("today", "wage", "accepted"),
        [
            (datetime.date(2025, 3, 1), 951, False),
            (datetime.date(2025, 3, 1), 952, True),  # equal to the minimum is allowed
            (datetime.date(2025, 12, 31), 952, True),  # the day before the new rate
            (datetime.date(2026, 1, 1), 952, False),  # the new rate's first day
            (datetime.date(2026, 1, 1), 1034, True),
            (datetime.date(2024, 10, 4), 898, True),  # the old rate still in effect
            (datetime.date(2024, 10, 5), 898, False),
        ],
    )
    def test_it_uses_the_rate_in_effect_today(
        self, kumamoto_city, employer, employer_user, today, wage, accepted
    ):
        def create():
            return services.posting_create(
                actor=employer_user,
                employer=employer,
                values=values(wage_form="hourly", wage_min=wage),
                today=today,
            )

        if accepted:
            assert create().wage_min == wage
        else:
            with pytest.raises(ValidationError) as refused:
                create()
            assert "最低賃金" in refused.value.message_dict["wage_min"][0]

    def test_it_checks_again_when_publishing_on_a_later_day(
        self, kumamoto_city, employer, employer_user
    ):
        posting = services.posting_create(
            actor=employer_user,
            employer=employer,
            values=values(wage_form="hourly", wage_min=952, ends_on=datetime.date(2026, 3, 1)),
            today=datetime.date(2025, 12, 20),
        )
        with pytest.raises(ValidationError) as refused:
            services.posting_publish(
                actor=employer_user, posting=posting, today=datetime.date(2026, 1, 2)
            )
        assert "令和8年（2026年）1月1日から 1,034円" in refused.value.message_dict["wage_min"][0]
        posting.refresh_from_db()
        assert posting.status == JobPosting.Status.DRAFT

    def test_monthly_and_daily_wages_are_not_compared_with_the_hourly_rate(
        self, kumamoto_city, employer, employer_user
    ):
        for form in ("monthly", "daily"):
            posting = services.posting_create(
                actor=employer_user,
                employer=employer,
                values=values(wage_form=form, wage_min=900),
                today=datetime.date(2026, 2, 1),
            )
            assert posting.pk

    def test_without_a_configured_rate_there_is_no_check(self, city, employer, employer_user):
        # the test city's code 999991 is no prefecture's; no rate is configured for "99"
        posting = services.posting_create(
            actor=employer_user,
            employer=employer,
            values=values(wage_form="hourly", wage_min=100),
        )
        assert posting.wage_min == 100

    def test_the_lookup_returns_the_latest_rate_not_after_the_day(self, kumamoto_city):
        rate = services.minimum_wage(kumamoto_city.lg, datetime.date(2025, 6, 1))
        assert (rate.prefecture_name, rate.effective_on, rate.yen) == (
            "熊本県",
            datetime.date(2024, 10, 5),
            952,
        )
        assert services.minimum_wage(kumamoto_city.lg, datetime.date(2020, 1, 1)) is None

    def test_the_form_shows_the_refusal_beside_the_wage(self, client, kumamoto_city, employer_user):
        client.force_login(employer_user)
        response = client.post(
            reverse("postings:create"), form_data(wage_form="hourly", wage_min="500", wage_max="")
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["wage_min"]
        assert errors[0].startswith("時給 500円 は熊本県の最低賃金（")
        assert not JobPosting.objects.exists()


# --- other validation ----------------------------------------------------------------------


class TestValidation:
    def test_the_upper_wage_is_not_below_the_lower(self, city, employer, employer_user):
        with pytest.raises(ValidationError) as refused:
            services.posting_create(
                actor=employer_user,
                employer=employer,
                values=values(wage_min=200000, wage_max=199999),
            )
        assert refused.value.message_dict["wage_max"] == [
            "賃金の上限は下限（200,000円）以上にしてください。"
        ]

    def test_publishing_needs_an_end_date_that_has_not_passed(self, city, employer, employer_user):
        posting = services.posting_create(
            actor=employer_user, employer=employer, values=values(ends_on=None)
        )
        with pytest.raises(ValidationError) as refused:
            services.posting_publish(actor=employer_user, posting=posting)
        assert refused.value.message_dict["ends_on"] == [
            "公開するには掲載終了日を入力してください。"
        ]
        posting.ends_on = YESTERDAY
        posting.save()
        with pytest.raises(ValidationError) as refused:
            services.posting_publish(actor=employer_user, posting=posting)
        assert "過ぎています" in refused.value.message_dict["ends_on"][0]
        posting.ends_on = TODAY
        posting.save()
        assert services.posting_publish(actor=employer_user, posting=posting).status == "published"

    def test_a_posting_needs_a_way_to_apply(self, city, employer, employer_user):
        with pytest.raises(ValidationError) as refused:
            services.posting_create(
                actor=employer_user,
                employer=employer,
                values=values(apply_via_volunteer=False, apply_via_probation_office=False),
            )
        assert "応募の方法" in refused.value.message_dict["apply_via"][0]

    def test_an_unknown_offence_bit_is_refused(self, city, employer, employer_user):
        with pytest.raises(ValidationError) as refused:
            services.posting_create(
                actor=employer_user, employer=employer, values=values(excluded_offences=1 << 20)
            )
        assert "excluded_offences" in refused.value.message_dict

    def test_an_employer_that_is_not_approved_gets_no_posting(self, city, secretariat):
        applied = EmployerFactory(local_government=city.lg, status=Employer.Status.APPLIED)
        with pytest.raises(ValidationError):
            services.posting_create(actor=secretariat, employer=applied, values=values())


# --- the lifecycle -------------------------------------------------------------------------


class TestLifecycle:
    def test_draft_published_closed_and_published_again_each_audited(
        self, city, employer, employer_user
    ):
        posting = services.posting_create(actor=employer_user, employer=employer, values=values())
        assert posting.status == JobPosting.Status.DRAFT
        assert posting.published_at is None
        services.posting_publish(actor=employer_user, posting=posting)
        assert posting.status == JobPosting.Status.PUBLISHED
        assert posting.published_at is not None
        with pytest.raises(ValidationError):
            services.posting_publish(actor=employer_user, posting=posting)
        services.posting_close(actor=employer_user, posting=posting)
        assert posting.status == JobPosting.Status.CLOSED
        with pytest.raises(ValidationError):
            services.posting_close(actor=employer_user, posting=posting)
        services.posting_publish(actor=employer_user, posting=posting)
        posting.refresh_from_db()
        assert posting.status == JobPosting.Status.PUBLISHED
        actions = list(
            AuditEntry.objects.filter(object_id=str(posting.pk))
            .order_by("id")
            .values_list("action", flat=True)
        )
        assert actions == [
            "employment.posting_create",
            "employment.posting_publish",
            "employment.posting_close",
            "employment.posting_publish",
        ]

    def test_an_update_is_audited_with_before_and_after(self, city, employer, employer_user):
        posting = posting_of(employer)
        services.posting_update(
            actor=employer_user, posting=posting, values={"title": "新しい職種（架空）"}
        )
        entry = AuditEntry.objects.get(action="employment.posting_update")
        assert entry.changes["title"]["after"] == "新しい職種（架空）"
        assert entry.actor == employer_user

    def test_a_failed_update_changes_nothing(self, city, employer, employer_user):
        posting = posting_of(employer, wage_min=200000)
        with pytest.raises(ValidationError):
            services.posting_update(
                actor=employer_user,
                posting=posting,
                values={"title": "変えた（架空）", "wage_max": 1},
            )
        posting.refresh_from_db()
        assert posting.title != "変えた（架空）"
        assert not AuditEntry.objects.filter(action="employment.posting_update").exists()

    def test_only_the_owner_and_the_secretariat_may_write(self, city, employer):
        posting = posting_of(employer)
        others = [
            city.users[Role.PARTNER],
            city.users[Role.VOLUNTEER],
            city.users[Role.DEPARTMENT],
            city.users[Role.HOUSING_PROVIDER],
        ]
        for user in others:
            with pytest.raises(PermissionDenied):
                services.posting_close(actor=user, posting=posting)
        outsider = UserFactory(role=Role.EMPLOYER, organization=other_employer(city).organization)
        with pytest.raises(PermissionDenied):
            services.posting_update(actor=outsider, posting=posting, values={"title": "x"})
        services.posting_close(actor=city.users[Role.SECRETARIAT], posting=posting)

    def test_a_published_posting_past_its_end_date_is_shown_closed(self, city, employer):
        posting = posting_of(employer, ends_on=YESTERDAY)
        assert posting.status == JobPosting.Status.PUBLISHED
        assert posting.shown_status() == JobPosting.Status.CLOSED
        assert posting.get_shown_status_display() == "終了"
        assert not selectors.public_postings(city.lg).exists()
        listed = selectors.posting_list(JobPosting.objects.all(), status="closed")
        assert list(listed) == [posting]
        assert not selectors.posting_list(JobPosting.objects.all(), status="published").exists()


class TestCloseExpiredCommand:
    def test_it_closes_expired_postings_once_with_an_audit_entry(self, city, employer):
        expired = posting_of(employer, ends_on=YESTERDAY)
        running = posting_of(employer, ends_on=TODAY)
        draft = posting_of(employer, ends_on=YESTERDAY, status=JobPosting.Status.DRAFT)
        out = io.StringIO()
        call_command("close_expired_postings", stdout=out)
        assert "closed 1 expired postings" in out.getvalue()
        statuses = dict(JobPosting.objects.values_list("pk", "status"))
        assert statuses == {expired.pk: "closed", running.pk: "published", draft.pk: "draft"}
        entry = AuditEntry.objects.get(action="employment.postings_close_expired")
        assert entry.local_government == city.lg
        assert entry.changes["ids"] == [expired.pk]
        out = io.StringIO()
        call_command("close_expired_postings", stdout=out)
        assert "closed 0 expired postings" in out.getvalue()
        assert AuditEntry.objects.filter(action="employment.postings_close_expired").count() == 1

    def test_a_dry_run_changes_nothing(self, city, employer):
        expired = posting_of(employer, ends_on=YESTERDAY)
        out = io.StringIO()
        call_command("close_expired_postings", "--dry-run", stdout=out)
        assert "testcity: would close 1" in out.getvalue()
        expired.refresh_from_db()
        assert expired.status == JobPosting.Status.PUBLISHED


# --- the back office -----------------------------------------------------------------------


class TestEmployerAccount:
    def test_it_lists_only_its_own_postings(self, client, city, employer, employer_user):
        own = posting_of(employer, title="自社の求人（架空）")
        own_draft = posting_of(employer, title="自社の下書き（架空）", status="draft")
        posting_of(other_employer(city), title="他社の求人（架空）")
        client.force_login(employer_user)
        response = client.get(reverse("postings:index"))
        assert set(response.context["page"]) == {own, own_draft}
        assert "他社の求人" not in response.getvalue().decode()
        csv_text = client.get(reverse("postings:csv")).getvalue().decode("utf-8-sig")
        assert "自社の求人" in csv_text and "他社の求人" not in csv_text

    @pytest.mark.parametrize("name", ["detail", "print", "edit"])
    def test_another_companys_posting_is_404(self, client, city, employer_user, name):
        theirs = posting_of(other_employer(city))
        client.force_login(employer_user)
        assert client.get(reverse(f"postings:{name}", args=[theirs.pk])).status_code == 404

    @pytest.mark.parametrize("name", ["publish", "close"])
    def test_it_cannot_change_another_companys_posting(self, client, city, employer_user, name):
        theirs = posting_of(other_employer(city), status="draft")
        client.force_login(employer_user)
        assert client.post(reverse(f"postings:{name}", args=[theirs.pk])).status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == "draft"

    def test_it_creates_publishes_and_closes_through_the_pages(
        self, client, city, employer, employer_user
    ):
        client.force_login(employer_user)
        response = client.post(reverse("postings:create"), form_data())
        posting = JobPosting.objects.get()
        assert response.url == reverse("postings:detail", args=[posting.pk])
        assert posting.employer == employer
        assert posting.status == "draft"
        assert posting.excluded_offences == to_mask(Offence, ["theft", "drugs"])
        assert (posting.apply_via_volunteer, posting.apply_via_probation_office) == (True, False)
        assert posting.apply_via_hello_work and posting.dormitory and posting.is_fictional
        page = client.get(response.url).content.decode()
        assert "窃盗、薬物" in page  # the owner sees its exclusions
        client.post(reverse("postings:publish", args=[posting.pk]))
        posting.refresh_from_db()
        assert posting.status == "published"
        client.post(reverse("postings:close", args=[posting.pk]))
        posting.refresh_from_db()
        assert posting.status == "closed"

    def test_the_edit_form_round_trips_the_checkboxes(self, client, city, employer, employer_user):
        posting = posting_of(
            employer,
            excluded_offences=to_mask(Offence, ["sexual", "arson"]),
            apply_via_hello_work=True,
        )
        client.force_login(employer_user)
        form = client.get(reverse("postings:edit", args=[posting.pk])).context["form"]
        assert form.initial["excluded_offences"] == ["sexual", "arson"]
        assert form.initial["apply_via"] == ["volunteer", "probation_office", "hello_work"]
        response = client.post(
            reverse("postings:edit", args=[posting.pk]),
            form_data(excluded_offences=["robbery"], apply_via=["probation_office"]),
        )
        assert response.status_code == 302
        posting.refresh_from_db()
        assert posting.excluded_offences == to_mask(Offence, ["robbery"])
        assert not posting.apply_via_volunteer and posting.apply_via_probation_office

    def test_a_failed_publish_says_why_on_the_posting(self, client, city, employer, employer_user):
        posting = posting_of(employer, status="draft", ends_on=None)
        client.force_login(employer_user)
        response = client.post(reverse("postings:publish", args=[posting.pk]), follow=True)
        assert "公開するには掲載終了日を入力してください。" in response.content.decode()
        posting.refresh_from_db()
        assert posting.status == "draft"

    def test_an_account_whose_company_is_not_approved_is_told_so(self, client, city):
        client.force_login(city.users[Role.EMPLOYER])  # no Employer for its organization
        response = client.get(reverse("postings:index"))
        assert response.status_code == 200
        assert "まだ承認されていません" in response.content.decode()
        assert client.get(reverse("postings:create")).status_code == 404


class TestSupporters:
    @pytest.mark.parametrize("role", [Role.PARTNER, Role.VOLUNTEER, Role.DEPARTMENT])
    def test_they_read_published_postings_of_non_public_employers_but_no_drafts(
        self, client, city, employer, role
    ):
        hidden = other_employer(city, is_public=False)
        published = posting_of(hidden, title="非公開企業の求人（架空）")
        draft = posting_of(employer, status="draft", title="下書き（架空）")
        client.force_login(city.users[role])
        page = client.get(reverse("postings:index")).content.decode()
        assert "非公開企業の求人" in page and "非公開の企業" in page
        assert "下書き（架空）" not in page
        assert client.get(reverse("postings:detail", args=[published.pk])).status_code == 200
        assert client.get(reverse("postings:detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("postings:edit", args=[published.pk])).status_code == 403

    def test_they_see_the_excluded_offences(self, client, city, employer):
        posting = posting_of(employer, excluded_offences=to_mask(Offence, ["theft"]))
        client.force_login(city.users[Role.VOLUNTEER])
        page = client.get(reverse("postings:detail", args=[posting.pk])).content.decode()
        assert "窃盗" in page

    def test_their_list_filters_like_the_board(self, client, city, employer):
        posting_of(employer, title="寮つき（架空）", dormitory=True)
        posting_of(employer, title="寮なし（架空）")
        client.force_login(city.users[Role.PARTNER])
        page = client.get(reverse("postings:index"), {"housing": "on"}).content.decode()
        assert "寮つき" in page and "寮なし" not in page


class TestSecretariat:
    def test_it_writes_a_posting_for_any_approved_employer(self, client, city, secretariat):
        employer = other_employer(city)
        client.force_login(secretariat)
        response = client.post(reverse("postings:create"), form_data(employer=str(employer.pk)))
        assert response.status_code == 302
        assert JobPosting.objects.get().employer == employer

    def test_it_cannot_pick_an_employer_that_is_not_approved(self, client, city, secretariat):
        applied = EmployerFactory(local_government=city.lg, status=Employer.Status.APPLIED)
        client.force_login(secretariat)
        response = client.post(reverse("postings:create"), form_data(employer=str(applied.pk)))
        assert response.status_code == 200
        assert "employer" in response.context["form"].errors

    def test_another_local_governments_posting_is_404(self, client, city, secretariat):
        elsewhere = LocalGovernmentFactory()
        theirs = posting_of(EmployerFactory(local_government=elsewhere))
        client.force_login(secretariat)
        assert client.get(reverse("postings:detail", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("postings:close", args=[theirs.pk])).status_code == 404

    def test_the_list_sorts_filters_pages_and_exports(self, client, city, secretariat):
        employer = other_employer(city)
        for n in range(55):
            posting_of(employer, title=f"求人{n:02d}（架空）")
        client.force_login(secretariat)
        response = client.get(reverse("postings:index"), {"sort": "title"})
        titles = [posting.title for posting in response.context["page"]]
        assert titles[0] == "求人00（架空）" and len(titles) == 50
        assert response.context["sort_links"]["title"]["aria_sort"] == "ascending"
        second = client.get(reverse("postings:index"), {"sort": "title", "page": 2})
        assert len(second.context["page"]) == 5
        rows = client.get(reverse("postings:csv")).getvalue().decode("utf-8-sig").splitlines()
        assert len(rows) == 56
        xlsx = client.get(reverse("postings:xlsx"))
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        workbook = open_workbook(xlsx.getvalue())
        assert numeric_text_cells(workbook) == []
        assert unseparated_numbers(workbook, skip=frozenset({(workbook.active.title, "A")})) == []
        wages = [row[10] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
        assert all(isinstance(wage, int) for wage in wages)
        assert workbook.active["A2"].number_format == "0"  # an id, without separators


class TestBadInput:
    """A bad post never 500s: it is a form with messages."""

    @pytest.mark.parametrize(
        "bad",
        [
            {"wage_min": "abc"},
            {"wage_min": "99999999999999999999"},
            {"wage_min": "-5"},
            {"wage_max": "1"},
            {"industry": "nope"},
            {"employment_type": ""},
            {"ends_on": "2026-13-45"},
            {"ends_on": YESTERDAY.isoformat()},
            {"excluded_offences": ["nope"]},
            {"apply_via": ["mail"]},
            {"apply_via": []},
            {"openings": "0"},
            {"openings": "100000"},
            {"title": "x" * 500},
            {"title": ""},
            {"wage_form": "hourly", "wage_min": "1", "wage_max": ""},
        ],
    )
    def test_a_bad_post_is_a_form_with_messages(self, client, kumamoto_city, employer_user, bad):
        client.force_login(employer_user)
        response = client.post(reverse("postings:create"), form_data(**bad))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not JobPosting.objects.exists()

    def test_a_secretariat_post_with_a_bad_employer_is_a_message(self, client, city, secretariat):
        client.force_login(secretariat)
        for employer in ("abc", "999999999999", ""):
            response = client.post(reverse("postings:create"), form_data(employer=employer))
            assert response.status_code == 200
            assert "employer" in response.context["form"].errors

    def test_bad_list_parameters_are_dropped(self, client, city, secretariat):
        client.force_login(secretariat)
        for query in (
            {"sort": "nope", "status": "x", "industry": "y", "employer": "z", "page": "-1"},
            {"q": "a" * 500, "ward": "b" * 100},
        ):
            assert client.get(reverse("postings:index"), query).status_code == 200
            assert client.get(reverse("postings:csv"), query).status_code == 200

    def test_publish_and_close_refuse_a_get(self, client, city, employer, employer_user):
        posting = posting_of(employer)
        client.force_login(employer_user)
        assert client.get(reverse("postings:publish", args=[posting.pk])).status_code == 405
        assert client.get(reverse("postings:close", args=[posting.pk])).status_code == 405


# --- the public job board ------------------------------------------------------------------


def board(client, **query):
    return client.get(reverse("jobs:board", kwargs={"lg": "testcity"}), query)


class TestPublicBoard:
    def test_it_shows_only_published_unexpired_postings_of_public_approved_employers(
        self, client, city, employer
    ):
        shown = posting_of(employer, title="見える求人（架空）")
        posting_of(employer, title="下書きの求人（架空）", status="draft")
        posting_of(employer, title="終了した求人（架空）", status="closed")
        posting_of(employer, title="期限切れの求人（架空）", ends_on=YESTERDAY)
        posting_of(other_employer(city, is_public=False), title="非公開企業の求人（架空）")
        withdrawn = EmployerFactory(local_government=city.lg, status=Employer.Status.WITHDRAWN)
        posting_of(withdrawn, title="登録終了企業の求人（架空）")
        posting_of(EmployerFactory(local_government=LocalGovernmentFactory()), title="他市（架空）")
        response = board(client)
        assert list(response.context["page"]) == [shown]
        text = response.content.decode()
        assert "見える求人" in text
        for hidden in ("下書き", "終了した", "期限切れ", "非公開企業", "登録終了", "他市"):
            assert hidden not in text
        for posting in JobPosting.objects.exclude(pk=shown.pk):
            url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
            assert client.get(url).status_code == 404

    def test_it_filters_by_industry_ward_type_housing_probation_and_words(
        self, client, city, employer
    ):
        construction = posting_of(employer, title="建設（架空）", ward="北区")
        care = posting_of(
            employer,
            title="介護（架空）",
            industry=Industry.MEDICAL_WELFARE,
            employment_type=EmploymentType.PART_TIME,
            company_housing=True,
            probation_welcome=False,
            description="施設での入浴の介助です。",
        )

        def found(**query):
            return set(board(client, **query).context["page"])

        assert found() == {construction, care}
        assert found(industry="medical_welfare") == {care}
        assert found(ward="北区") == {construction}
        assert found(employment_type="part_time") == {care}
        assert found(housing="1") == {care}
        assert found(probation="1") == {construction}
        assert found(q="入浴") == {care}
        assert found(q="入浴 建設") == set()

    def test_it_pages(self, client, city, employer):
        for n in range(25):
            posting_of(employer, title=f"求人{n}（架空）")
        first = board(client, housing="")
        assert len(first.context["page"]) == 20
        second = board(client, page="2", industry="construction")
        assert len(second.context["page"]) == 5
        assert "industry=construction" in second.content.decode()

    def test_bad_filters_never_fail_the_page(self, client, city, employer):
        posting_of(employer)
        for query in (
            {"industry": "nope"},
            {"employment_type": "x" * 300},
            {"q": "y" * 1000},
            {"page": "abc"},
            {"housing": "maybe", "probation": "2"},
        ):
            assert board(client, **query).status_code == 200
        dropped = board(client, industry="nope", ward="中央区")
        assert "使えない条件があった" in dropped.content.decode()
        assert len(dropped.context["page"]) == 1  # the ward still applies

    def test_the_query_count_stays_the_same_as_postings_grow(
        self, client, city, employer, django_assert_num_queries
    ):
        posting_of(employer, ward="北区")
        board(client)  # warm up (the local government's slug, translations)
        with CaptureQueriesContext(connection) as few:
            board(client, housing="", page="1")
        second = EmployerFactory(local_government=city.lg)
        hidden = other_employer(city, is_public=False)
        for n in range(30):
            posting_of(second if n % 2 else employer, ward=f"区{n % 3}", dormitory=n % 2 == 0)
            posting_of(hidden)
        with django_assert_num_queries(len(few.captured_queries)):
            response = board(client, housing="", page="1")
        assert len(response.context["page"]) == 20
        with django_assert_num_queries(len(few.captured_queries)):
            board(client, housing="1", ward="区1", q="作業", page="1")

    def test_the_public_page_never_lists_the_excluded_offences(self, client, city, employer):
        posting = posting_of(
            employer, excluded_offences=to_mask(Offence, ["theft", "sexual"]), message="歓迎"
        )
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url).content.decode()
        assert "応募の前に保護司などにご相談ください" in text
        assert "窃盗" not in text and "性犯罪" not in text
        plain = posting_of(employer)
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": plain.pk})
        assert "応募の前に保護司などにご相談ください" not in client.get(url).content.decode()

    def test_the_posting_says_how_to_apply(self, client, city, employer):
        posting = posting_of(
            employer,
            apply_via_volunteer=False,
            apply_via_probation_office=True,
            apply_via_hello_work=True,
        )
        for name in ("jobs:posting", "jobs:posting_print"):
            url = reverse(name, kwargs={"lg": "testcity", "pk": posting.pk})
            text = client.get(url).content.decode()
            assert "保護観察所の担当の人に相談してください。" in text
            assert "ハローワークの窓口で" in text
            assert "保護司に「この求人に応募したい」" not in text
            assert f"求人番号は {posting.pk} です" in text

    def test_the_printable_posting_is_a4_friendly(self, client, city, employer, settings):
        posting = posting_of(employer)
        url = reverse("jobs:posting_print", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url).content.decode()
        assert "print-sheet" in text and "css/jobs.css" in text
        css = (settings.BASE_DIR / "static" / "css" / "jobs.css").read_text(encoding="utf-8")
        assert "@page { size: A4;" in css

    def test_plain_japanese_mode_adds_furigana(self, client, city, employer):
        posting = posting_of(employer, title="倉庫作業（架空）")
        url = reverse("jobs:posting", kwargs={"lg": "testcity", "pk": posting.pk})
        text = client.get(url, {"yasashii": "1"}).content.decode()
        assert "<ruby>" in text

    def test_the_public_nav_links_to_the_board(self, client, city):
        text = client.get(reverse("help:index", kwargs={"lg": "testcity"})).content.decode()
        assert reverse("jobs:board", kwargs={"lg": "testcity"}) in text
        assert "仕事をさがす" in text

    def test_the_board_links_to_the_industry_gap(self, client, city):
        text = client.get(reverse("jobs:board", kwargs={"lg": "testcity"})).content.decode()
        assert reverse("jobs_gap:index", kwargs={"lg": "testcity"}) in text

    def test_the_selector_takes_a_dict_of_filters(self, city, employer):
        shown = posting_of(employer, dormitory=True)
        posting_of(employer)
        assert list(selectors.public_postings(city.lg, {"housing": True})) == [shown]
        assert list(selectors.public_postings(city.lg, {"industry": "transport"})) == []


# --- the API -------------------------------------------------------------------------------


class TestApi:
    def test_it_lists_and_shows_public_postings_only(self, client, city, employer):
        shown = posting_of(employer, excluded_offences=to_mask(Offence, ["drugs"]))
        posting_of(employer, status="draft")
        hidden = posting_of(other_employer(city, is_public=False))
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        data = client.get(url).json()
        assert data["count"] == 1
        item = data["results"][0]
        assert item["id"] == shown.pk
        assert item["has_excluded_offences"] is True
        assert "excluded_offences" not in item
        assert item["apply_via"] == ["volunteer", "probation_office"]
        assert item["url"].endswith(f"/testcity/jobs/{shown.pk}/")
        detail = reverse("jobs_api:posting_detail", kwargs={"lg": "testcity", "pk": shown.pk})
        assert client.get(detail).json()["title"] == shown.title
        hidden_url = reverse("jobs_api:posting_detail", kwargs={"lg": "testcity", "pk": hidden.pk})
        assert client.get(hidden_url).status_code == 404

    def test_it_filters_and_refuses_bad_filters(self, client, city, employer):
        posting_of(employer, dormitory=True)
        posting_of(employer)
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        assert client.get(url, {"housing": "true"}).json()["count"] == 1
        assert client.get(url, {"limit": 1}).json()["next"]
        response = client.get(url, {"industry": "nope"})
        assert response.status_code == 400
        assert "industry" in response.json()

    def test_it_is_read_only(self, client, city):
        url = reverse("jobs_api:posting_list", kwargs={"lg": "testcity"})
        assert client.post(url, {}).status_code == 405

    def test_the_openapi_schema_describes_it(self, client, db):
        import yaml

        schema = yaml.safe_load(client.get(reverse("api_schema")).content)
        assert "/api/v1/{lg}/jobs/" in schema["paths"]
        assert "/api/v1/{lg}/jobs/{id}/" in schema["paths"]
        parameters = {p["name"] for p in schema["paths"]["/api/v1/{lg}/jobs/"]["get"]["parameters"]}
        assert {"industry", "ward", "employment_type", "housing", "probation"} <= parameters


# --- open data -----------------------------------------------------------------------------


class TestOpenData:
    def test_the_resource_holds_public_postings_only(self, client, city, employer):
        shown = posting_of(employer, title="公開（架空）", dormitory=True)
        posting_of(employer, status="draft")
        posting_of(other_employer(city, is_public=False))
        rows = list(get_resource("job_postings").rows(city.lg))
        assert [row["id"] for row in rows] == [shown.pk]
        assert rows[0]["dormitory"] is True
        url = reverse("opendata:resource", kwargs={"lg": "testcity", "name": "job_postings"})
        response = client.get(url)
        text = (
            b"".join(response.streaming_content).decode()
            if response.streaming
            else (response.content.decode())
        )
        assert "公開（架空）" in text

    def test_the_descriptor_lists_the_resource(self, client, city):
        url = reverse("opendata:descriptor", kwargs={"lg": "testcity"})
        names = [resource["name"] for resource in json.loads(client.get(url).content)["resources"]]
        assert "job_postings" in names
