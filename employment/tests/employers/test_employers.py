"""Cooperating employers: an employer applies online, the secretariat approves (an account
and a password-set e-mail), rejects or withdraws, an approved employer sees and edits only
its own company, existing lists import all or nothing, and the list exports to CSV and
Excel. Every write is validated and audited."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.enrolment import enrolment_granted
from accounts.models import Organization, User
from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.employers import services
from employment.models import Employer, Hire
from employment.tests.employers.helpers import (
    APPLIED,
    APPROVED,
    REJECTED,
    WITHDRAWN,
    application,
    apply_url,
    employer_user,
    link_in,
    old_password_link,
    own_company,
    revision,
    secretariat,
)
from employment.tests.factories import EmployerFactory, HireFactory, JobSeekerFactory

# --- helpers -----------------------------------------------------------------------------------


# --- the online application ----------------------------------------------------------------------


class TestApplication:
    def test_it_explains_what_being_public_means(self, client, city):
        response = client.get(apply_url(city))
        assert response.status_code == 200
        text = response.content.decode()
        assert "公開しない" in text
        assert "知られたくない事業所も多く" in text
        assert "個人のことはおうかがいしません" in text

    def test_it_records_an_application_and_audits_it(self, client, city):
        response = client.post(apply_url(city), application())
        assert response.status_code == 302
        assert response["Location"] == reverse("employer_apply:thanks", kwargs={"lg": "testcity"})
        employer = Employer.objects.get()
        assert employer.status == APPLIED
        assert employer.local_government == city.lg
        assert employer.name_kana == "さくらこうむてん"  # katakana kept as hiragana
        assert employer.postal_code == "860-0001"  # width folded, hyphenated
        assert employer.size == Employer.Size.S  # worked out from 15 employees
        assert employer.registered_on == datetime.date(2020, 4, 1)
        assert employer.is_public is False
        assert employer.organization is None
        entry = AuditEntry.objects.get(action="employment.employer.apply")
        assert entry.actor_label == "system"
        assert entry.changes["name"] == "株式会社さくら工務店（架空）"
        assert (
            not User.objects.filter(role=Role.EMPLOYER).exclude(pk=employer_user(city).pk).exists()
        )

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            (
                {"registered_on": "2099-01-01"},
                "registered_on",
                "未来の日付です",
            ),
            (
                {"registered_with_probation_office": "no"},
                "registered_on",
                "登録していない場合、登録日は空欄",
            ),
            ({"contact_email": ""}, "contact_email", "メールアドレスを入力してください"),
            ({"contact_email": "not-an-address"}, "contact_email", "正しく入力"),
            (
                {"size": Employer.Size.L},
                "size",
                "従業員数（15人）と合いません",
            ),
            ({"name_kana": "桜工務店"}, "name_kana", "ひらがなかカタカナ"),
            ({"postal_code": "12345"}, "postal_code", "7桁"),
            ({"contact_phone": "12"}, "contact_phone", "市外局番"),
            ({"industry": "mining"}, "industry", "一覧から選んでください"),
            ({"is_public": ""}, "is_public", "公開するかどうかを選んでください"),
            ({"agree": ""}, "agree", "同意してください"),
            ({"employees": "abc"}, "employees", "数字で入力"),
            ({"name": ""}, "name", "事業所名を入力してください"),
        ],
    )
    def test_it_refuses_a_bad_application_with_a_clear_message(
        self, client, city, overrides, field, message
    ):
        response = client.post(apply_url(city), application(**overrides))
        assert response.status_code == 200
        form = response.context["form"]
        assert any(message in error for error in form.errors[field]), form.errors
        assert message in response.content.decode()
        assert not Employer.objects.exists()

    def test_a_garbage_post_is_a_form_with_errors_not_a_crash(self, client, city):
        response = client.post(
            apply_url(city),
            {"employees": "9" * 40, "registered_on": "32/13/2020", "is_public": "maybe"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not Employer.objects.exists()

    def test_a_robot_filling_the_hidden_field_learns_nothing_and_stores_nothing(self, client, city):
        response = client.post(apply_url(city), application(website="https://spam.example"))
        assert response.status_code == 302
        assert not Employer.objects.exists()

    def test_it_limits_applications_from_one_address(self, client, city):
        for number in range(5):
            response = client.post(apply_url(city), application(name=f"事業所{number}（架空）"))
            assert response.status_code == 302
        response = client.post(apply_url(city), application(name="事業所6（架空）"))
        assert response.status_code == 429
        assert "時間をおいて" in response.content.decode()
        assert Employer.objects.count() == 5

    def test_an_unknown_local_government_is_404(self, client, city):
        assert client.get("/nowhere/employers/apply/").status_code == 404


# --- review and account ---------------------------------------------------------------------------


class TestReview:
    def test_approval_creates_the_account_and_sends_the_password_email(
        self, client, city, django_capture_on_commit_callbacks
    ):
        employer = EmployerFactory(
            local_government=city.lg,
            status=APPLIED,
            contact_name="さくら 太郎（架空）",
            contact_email="Sakura@Example.jp",
        )
        client.force_login(secretariat(city))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("employers:approve", kwargs={"pk": employer.pk}), {"note": "確認済み"}
            )
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.status == APPROVED
        assert employer.reviewed_by == secretariat(city)
        organization = employer.organization
        assert organization.kind == Organization.Kind.EMPLOYER
        assert organization.name == employer.name
        assert organization.local_government == city.lg
        user = User.objects.get(organization=organization)
        assert user.role == Role.EMPLOYER
        assert user.username == "sakura@example.jp"
        assert user.email == "Sakura@example.jp"  # the domain in lower case
        assert not user.has_usable_password()
        assert_audited(
            action="employment.employer.approve",
            actor=secretariat(city),
            obj=employer,
            changes_include={
                "status": {"before": APPLIED, "after": APPROVED},
                "account": "sakura@example.jp",
            },
        )
        assert_audited(
            action="user.create",
            actor=secretariat(city),
            obj=user,
            local_government=city.lg,
            changes={"role": {"before": None, "after": Role.EMPLOYER}, "employer": employer.name},
        )

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["Sakura@example.jp"]
        assert "sakura@example.jp" in message.body  # the user name

        # the link sets the password; the employer then signs in and sees its company
        client.logout()
        response = client.get(link_in(message))
        form_url = response["Location"]
        response = client.post(
            form_url,
            {"new_password1": "a long passphrase 2026", "new_password2": "a long passphrase 2026"},
        )
        assert response.status_code == 302
        # signed in, allowed to enrol a second factor, and sent to do it
        assert response["Location"] == reverse("accounts:mfa_setup")
        assert enrolment_granted(SimpleNamespace(session=client.session), user)
        user.refresh_from_db()
        assert user.check_password("a long passphrase 2026")
        entry = AuditEntry.objects.get(action="user.password_set")
        assert (entry.actor, entry.object_id) == (user, str(user.pk))
        client.logout()
        assert client.login(username="sakura@example.jp", password="a long passphrase 2026")
        response = client.get(reverse("company:detail"))
        assert response.status_code == 200
        assert employer.name in response.content.decode()

        # the link works once
        client.logout()
        response = client.get(link_in(message), follow=True)
        assert "このリンクはすでに使われています" in response.content.decode()

    def test_approval_needs_a_contact_email(self, client, city):
        employer = EmployerFactory(local_government=city.lg, status=APPLIED, contact_email="")
        client.force_login(secretariat(city))
        response = client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        assert response.status_code == 200
        assert "メールアドレスがないため" in response.content.decode()
        employer.refresh_from_db()
        assert employer.status == APPLIED
        assert employer.organization is None
        assert not Organization.objects.filter(name=employer.name).exists()
        assert not mail.outbox

    def test_approval_refuses_an_email_another_account_uses(self, client, city):
        UserFactory(username="taken@example.jp", organization__local_government=city.lg)
        employer = EmployerFactory(
            local_government=city.lg, status=APPLIED, contact_email="taken@example.jp"
        )
        client.force_login(secretariat(city))
        response = client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        assert "ほかのアカウントで使われています" in response.content.decode()
        employer.refresh_from_db()
        assert employer.status == APPLIED
        assert not Organization.objects.filter(name=employer.name).exists()

    def test_rejection_needs_a_reason_and_is_recorded(self, client, city):
        employer = EmployerFactory(local_government=city.lg, status=APPLIED)
        client.force_login(secretariat(city))
        url = reverse("employers:reject", kwargs={"pk": employer.pk})
        response = client.post(url, {"reject-reason": " "})
        assert response.status_code == 200
        assert "理由を入力してください" in response.content.decode()
        employer.refresh_from_db()
        assert employer.status == APPLIED

        response = client.post(url, {"reject-reason": "所在地を確認できませんでした"})
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.status == REJECTED
        assert employer.review_note == "所在地を確認できませんでした"
        assert employer.organization is None
        entry = AuditEntry.objects.get(action="employment.employer.reject")
        assert entry.changes["status"] == {"before": "applied", "after": "rejected"}

    def test_only_an_application_can_be_approved_or_rejected(self, client, city):
        employer = EmployerFactory(local_government=city.lg, status=REJECTED)
        client.force_login(secretariat(city))
        response = client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        assert "承認できません" in response.content.decode()
        response = client.post(
            reverse("employers:reject", kwargs={"pk": employer.pk}), {"reject-reason": "x"}
        )
        assert "申請中の事業所だけ" in response.content.decode()
        employer.refresh_from_db()
        assert employer.status == REJECTED

    def test_withdrawal_closes_the_account_and_a_new_approval_reopens_it(self, client, city):
        employer = own_company(city, contact_email="kensetsu@example.jp")
        client.force_login(secretariat(city))
        response = client.post(
            reverse("employers:withdraw", kwargs={"pk": employer.pk}),
            {"withdraw-reason": "協力を終えるとの連絡"},
        )
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.status == WITHDRAWN
        account = employer_user(city)
        account.refresh_from_db()
        assert not account.is_active
        entry = AuditEntry.objects.get(action="employment.employer.withdraw")
        assert entry.changes["deactivated"] == [account.username]

        response = client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        assert response.status_code == 302
        account.refresh_from_db()
        assert account.is_active
        employer.refresh_from_db()
        assert employer.status == APPROVED
        assert not mail.outbox  # the account already had its password

    def test_an_imported_employer_gets_its_account_on_request(
        self, client, city, django_capture_on_commit_callbacks
    ):
        employer = EmployerFactory(local_government=city.lg, contact_email="list@example.jp")
        client.force_login(secretariat(city))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("employers:invite", kwargs={"pk": employer.pk}))
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.organization.users.get().username == "list@example.jp"
        assert len(mail.outbox) == 1
        # asked again: the same account, another e-mail
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("employers:invite", kwargs={"pk": employer.pk}))
        assert User.objects.filter(organization=employer.organization).count() == 1
        assert len(mail.outbox) == 2

    def test_another_local_governments_employer_is_404(self, client, city):
        other = LocalGovernmentFactory()
        employer = EmployerFactory(local_government=other, status=APPLIED)
        client.force_login(secretariat(city))
        assert (
            client.get(reverse("employers:detail", kwargs={"pk": employer.pk})).status_code == 404
        )
        response = client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        assert response.status_code == 404
        employer.refresh_from_db()
        assert employer.status == APPLIED

    def test_withdrawal_revokes_an_unused_password_link(
        self, client, city, django_capture_on_commit_callbacks
    ):
        employer = EmployerFactory(
            local_government=city.lg, status=APPLIED, contact_email="gone@example.jp"
        )
        client.force_login(secretariat(city))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        link = link_in(mail.outbox[-1])
        client.post(
            reverse("employers:withdraw", kwargs={"pk": employer.pk}),
            {"withdraw-reason": "協力を終えるとの連絡（架空）"},
        )
        client.post(reverse("employers:approve", kwargs={"pk": employer.pk}))
        client.logout()
        response = client.get(link, follow=True)
        assert "このリンクは使えなくなりました" in response.content.decode()
        assert not User.objects.get(username="gone@example.jp").has_usable_password()

    def test_an_old_password_link_for_another_local_government_does_not_work(self, client, city):
        other = LocalGovernmentFactory()
        stranger = UserFactory(
            role=Role.EMPLOYER,
            organization=OrganizationFactory(
                local_government=other, kind=Organization.Kind.EMPLOYER
            ),
        )
        stranger.set_unusable_password()
        stranger.save()
        response = client.get(old_password_link(stranger, city.lg), follow=True)
        assert response.status_code == 200
        assert "このリンクは使えません" in response.content.decode()
        assert not stranger.invitations.exists()

    def test_an_old_password_link_still_sets_the_password(self, client, city):
        """E-mails sent before the page moved to accounts carry /<lg>/employers/password/…"""
        user = UserFactory(
            username="old@example.jp",
            email="old@example.jp",
            role=Role.EMPLOYER,
            organization=own_company(city).organization,
        )
        user.set_unusable_password()
        user.save()
        link = old_password_link(user, city.lg)
        response = client.get(link, follow=True)
        assert "パスワードを設定する" in response.content.decode()
        form_url = response.redirect_chain[-1][0]
        response = client.post(
            form_url,
            {"new_password1": "another passphrase 77", "new_password2": "another passphrase 77"},
        )
        assert response["Location"] == reverse("accounts:mfa_setup")
        user.refresh_from_db()
        assert user.check_password("another passphrase 77")
        # the old link is spent with the password it was made for
        client.logout()
        response = client.get(link, follow=True)
        assert "このリンクは使えません" in response.content.decode()

    def test_the_detail_page_shows_the_hiring_record(self, client, city):
        employer = own_company(city, hires_before_registration=4)
        seeker = JobSeekerFactory(supporter_organization=city.users[Role.PARTNER].organization)
        HireFactory(seeker=seeker, employer=employer)
        HireFactory(seeker=seeker, employer=employer, left_on=datetime.date(2026, 6, 1))
        client.force_login(secretariat(city))
        response = client.get(reverse("employers:detail", kwargs={"pk": employer.pk}))
        record = response.context["record"]
        assert (record.before_registration, record.recorded, record.still_employed) == (4, 2, 1)
        assert record.total == 6
        assert Hire.objects.count() == 2
        assert "6人" in response.content.decode()

    def test_the_detail_page_warns_of_a_second_application_with_the_same_name(self, client, city):
        first = EmployerFactory(local_government=city.lg, name="さくら 工務店")
        second = EmployerFactory(local_government=city.lg, name="さくら工務店", status=APPLIED)
        client.force_login(secretariat(city))
        response = client.get(reverse("employers:detail", kwargs={"pk": second.pk}))
        assert response.context["same_name"] == [first]

    def test_the_secretariat_edits_an_employer_and_it_is_audited(self, client, city):
        employer = EmployerFactory(local_government=city.lg, is_public=True)
        before = revision(city.lg)
        client.force_login(secretariat(city))
        data = {
            **application(name=employer.name, is_public="no", hires_before_registration="2"),
            "contact_email": "",
        }
        response = client.post(reverse("employers:edit", kwargs={"pk": employer.pk}), data)
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.is_public is False
        assert employer.hires_before_registration == 2
        entry = AuditEntry.objects.get(action="employment.employer.update")
        assert entry.changes["is_public"] == {"before": True, "after": False}
        assert revision(city.lg) > before  # it left the public job board


# --- an employer's own company ----------------------------------------------------------------------


class TestCompany:
    def test_an_employer_sees_and_edits_its_own_company(self, client, city):
        employer = own_company(city, is_public=False)
        other = EmployerFactory(local_government=city.lg, name="よその会社（架空）")
        client.force_login(employer_user(city))
        response = client.get(reverse("company:detail"))
        assert response.status_code == 200
        assert response.context["employer"] == employer
        assert other.name not in response.content.decode()

        before = revision(city.lg)
        data = application(name=employer.name, is_public="yes", contact_email="new@example.jp")
        data["hires_before_registration"] = "99"  # not the employer's to set: ignored
        response = client.post(reverse("company:edit"), data)
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.is_public is True
        assert employer.contact_email == "new@example.jp"
        assert employer.hires_before_registration == 0
        entry = AuditEntry.objects.get(action="employment.employer.update")
        assert entry.actor == employer_user(city)
        assert entry.changes["is_public"] == {"before": False, "after": True}
        assert revision(city.lg) > before
        other.refresh_from_db()
        assert other.is_public is True  # untouched

    def test_the_company_form_refuses_bad_input(self, client, city):
        employer = own_company(city)
        client.force_login(employer_user(city))
        response = client.post(
            reverse("company:edit"), application(name=employer.name, registered_on="2099-12-31")
        )
        assert response.status_code == 200
        assert "未来の日付です" in response.content.decode()
        employer.refresh_from_db()
        assert employer.registered_on is None

    @pytest.mark.parametrize("status", [APPLIED, REJECTED, WITHDRAWN])
    def test_an_employer_not_approved_cannot_act(self, client, city, status):
        employer = own_company(city, status=status, is_public=False)
        client.force_login(employer_user(city))
        assert client.get(reverse("company:detail")).status_code == 404
        response = client.post(reverse("company:edit"), application(name=employer.name))
        assert response.status_code == 404
        employer.refresh_from_db()
        assert employer.contact_email == ""
        with pytest.raises(PermissionDenied):
            services.employer_update(
                actor=employer_user(city), employer=employer, values={"is_public": True}
            )

    def test_an_employer_without_a_company_gets_404_not_another_company(self, client, city):
        EmployerFactory(local_government=city.lg, name="よその会社（架空）")
        client.force_login(employer_user(city))
        assert client.get(reverse("company:detail")).status_code == 404

    def test_an_employer_cannot_change_another_employer(self, city):
        own_company(city)
        other = EmployerFactory(local_government=city.lg)
        with pytest.raises(PermissionDenied):
            services.employer_update(
                actor=employer_user(city), employer=other, values={"is_public": False}
            )
        with pytest.raises(PermissionDenied):
            services.employer_update(
                actor=employer_user(city),
                employer=Employer.objects.get(organization=employer_user(city).organization),
                values={"hires_before_registration": 5},
            )

    def test_only_the_secretariat_reviews(self, city):
        employer = EmployerFactory(local_government=city.lg, status=APPLIED)
        for role in (Role.EMPLOYER, Role.PARTNER, Role.DEPARTMENT):
            with pytest.raises(PermissionDenied):
                services.employer_approve(actor=city.users[role], employer=employer)
        other_secretariat = UserFactory(
            role=Role.SECRETARIAT, organization__local_government=LocalGovernmentFactory()
        )
        with pytest.raises(PermissionDenied):
            services.employer_approve(actor=other_secretariat, employer=employer)
        employer.refresh_from_db()
        assert employer.status == APPLIED


# --- import ------------------------------------------------------------------------------------------


# --- list and export ---------------------------------------------------------------------------------


# --- the employment home and the demo ----------------------------------------------------------------
