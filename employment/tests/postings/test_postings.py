"""Job postings: the lifecycle and its validation (the minimum wage above all), who sees
which posting in the back office, the public job board (published, public, unexpired only;
filters; a query count that does not grow), its API and its open-data resource."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from employment import selectors
from employment.models import Employer, JobPosting, Offence
from employment.postings import services
from employment.tests.factories import EmployerFactory
from employment.tests.postings.helpers import (
    TODAY,
    YESTERDAY,
    form_data,
    other_employer,
    posting_of,
    values,
)

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
        assert_audited(  # still the first run's entry only
            action="employment.postings_close_expired",
            actor=None,
            actor_label="system",
            object_type="employment.jobposting",
            local_government=city.lg,
            changes={"closed": 1, "ends_before": TODAY.isoformat(), "ids": [expired.pk]},
        )

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


# --- the public job board ------------------------------------------------------------------


# --- the API -------------------------------------------------------------------------------


# --- open data -----------------------------------------------------------------------------
