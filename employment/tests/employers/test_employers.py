"""Cooperating employers: an employer applies online, the secretariat approves (an account
and a password-set e-mail), rejects or withdraws, an approved employer sees and edits only
its own company, existing lists import all or nothing, and the list exports to CSV and
Excel. Every write is validated and audited."""

import csv
import datetime
import io
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.enrolment import enrolment_granted
from accounts.models import Organization, User
from accounts.tests.factories import OrganizationFactory, UserFactory, reauthenticate
from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from core.testing.audit import assert_audited
from core.testing.workbooks import numeric_text_cells, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment.employers import services
from employment.models import Employer, Hire, Industry, JobPosting
from employment.tests.factories import EmployerFactory, HireFactory, JobSeekerFactory

APPLIED, APPROVED, REJECTED, WITHDRAWN = (
    Employer.Status.APPLIED,
    Employer.Status.APPROVED,
    Employer.Status.REJECTED,
    Employer.Status.WITHDRAWN,
)
HEADER = (
    "name,name_kana,industry,postal_code,address,ward,size,employees,"
    "registered_with_probation_office,registered_on,contact_name,contact_phone,"
    "contact_email,hires_before_registration,is_public"
)


# --- helpers -----------------------------------------------------------------------------------


def secretariat(city):
    return city.users[Role.SECRETARIAT]


def employer_user(city):
    return city.users[Role.EMPLOYER]


def own_company(city, **extra) -> Employer:
    organization = employer_user(city).organization
    return EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name, **extra
    )


def application(**overrides) -> dict:
    data = {
        "name": "株式会社さくら工務店（架空）",
        "name_kana": "サクラコウムテン",
        "industry": Industry.CONSTRUCTION,
        "postal_code": "８６０−０００１",
        "address": "テスト市中央区さくら町1-2（架空）",
        "ward": "中央区",
        "size": "",
        "employees": "15",
        "registered_with_probation_office": "yes",
        "registered_on": "2020-04-01",
        "contact_name": "さくら 太郎（架空）",
        "contact_phone": "096-000-1234",
        "contact_email": "sakura@example.jp",
        "is_public": "no",
        "agree": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def apply_url(city):
    return reverse("employer_apply:apply", kwargs={"lg": city.lg.slug})


def revision(local_government) -> int:
    return LocalGovernment.objects.get(pk=local_government.pk).content_revision


def upload(client, content: bytes, name: str = "employers.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("employers:import"), {"file": file})


def csv_bytes(*lines: str, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def old_password_link(user, local_government) -> str:
    """A link of the kind e-mailed before the password-set page moved to accounts."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return reverse(
        "employer_apply:set_password",
        kwargs={
            "lg": local_government.slug,
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def link_in(message) -> str:
    """The path of the password-set link of an e-mail."""
    url = re.search(r"https?://\S+/accounts/password/\S+/", message.body).group(0)
    return urlsplit(url).path


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


class TestImport:
    def test_a_good_list_registers_approved_employers(self, client, city):
        client.force_login(secretariat(city))
        content = csv_bytes(
            "事業所名,事業所名（ふりがな）,業種,所在地,区,従業員数,保護観察所への登録,登録日,公開",
            "つばめ建設（架空）,ツバメケンセツ,建設業,テスト市東区1-1,東区,30,はい,令和元年6月1日,いいえ",
            "ひばり食堂（架空）,,飲食業,テスト市西区2-2,西区,,no,,yes",
            encoding="cp932",
        )
        before = revision(city.lg)
        response = upload(client, content)
        assert response.status_code == 302
        tsubame = Employer.objects.get(name="つばめ建設（架空）")
        assert tsubame.status == APPROVED
        assert tsubame.name_kana == "つばめけんせつ"
        assert tsubame.registered_on == datetime.date(2019, 6, 1)
        assert tsubame.size == Employer.Size.S
        assert tsubame.is_public is False
        assert tsubame.reviewed_by == secretariat(city)
        assert tsubame.organization is None  # no account until asked for
        hibari = Employer.objects.get(name="ひばり食堂（架空）")
        assert hibari.industry == Industry.FOOD_SERVICE
        assert hibari.is_public is True
        entry = AuditEntry.objects.get(action="employment.employer.import")
        assert entry.changes["created"] == 2
        assert revision(city.lg) > before  # a public employer joined

    def test_an_employer_changed_while_the_file_was_read_stops_the_import(
        self, client, city, monkeypatch
    ):
        """The file is validated outside the transaction; an edit made meanwhile is not
        overwritten with what was read before it."""
        from employment.employers import importing as employer_import

        employer = EmployerFactory(local_government=city.lg, name="つばめ建設（架空）")
        validate = employer_import.validate_rows

        def validate_then_someone_edits(*args, **kwargs):
            rows = validate(*args, **kwargs)
            Employer.objects.filter(pk=employer.pk).update(
                address="別の人が直した住所", updated_at=timezone.now()
            )
            return rows

        monkeypatch.setattr(employer_import, "validate_rows", validate_then_someone_edits)
        client.force_login(secretariat(city))
        response = upload(client, csv_bytes(HEADER, "つばめ建設（架空）,,製造業,,,,,12,,,,,,3,"))
        assert response.status_code == 200
        assert "ほかの人が協力雇用主の登録内容を変えました" in response.content.decode()
        employer.refresh_from_db()
        assert (employer.address, employer.industry) == (
            "別の人が直した住所",
            Industry.CONSTRUCTION,
        )
        assert not AuditEntry.objects.filter(action="employment.employer.import").exists()

    def test_a_row_with_a_registered_name_updates_that_employer(self, client, city):
        employer = EmployerFactory(
            local_government=city.lg,
            name="つばめ建設（架空）",
            status=APPLIED,
            contact_email="keep@example.jp",
        )
        client.force_login(secretariat(city))
        response = upload(client, csv_bytes(HEADER, "つばめ 建設（架空）,,製造業,,,,,12,,,,,,3,"))
        assert response.status_code == 302
        employer.refresh_from_db()
        assert employer.industry == Industry.MANUFACTURING
        assert employer.employees == 12
        assert employer.size == Employer.Size.S
        assert employer.hires_before_registration == 3
        assert employer.contact_email == "keep@example.jp"  # a blank cell keeps the value
        assert employer.status == APPLIED  # the list does not decide the review
        assert Employer.objects.count() == 1

    def test_an_excel_file_is_read(self, client, city):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["事業所名", "業種", "登録日", "従業員数"])
        sheet.append(["かもめ運輸（架空）", "運送業", datetime.datetime(2018, 4, 1), 120])
        buffer = io.BytesIO()
        workbook.save(buffer)
        client.force_login(secretariat(city))
        response = upload(client, buffer.getvalue(), "list.xlsx")
        assert response.status_code == 302
        employer = Employer.objects.get(name="かもめ運輸（架空）")
        assert employer.registered_on == datetime.date(2018, 4, 1)
        assert employer.registered_with_probation_office is True
        assert employer.size == Employer.Size.M

    def test_every_kind_of_bad_row_is_reported_and_nothing_changes(self, client, city):
        kept = EmployerFactory(
            local_government=city.lg, name="既存（架空）", employees=5, size="1-9"
        )
        client.force_login(secretariat(city))
        future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
        rows = [
            HEADER,
            "正しい行（架空）,,建設業,,,,,,,,,,,,",  # 2: fine, but not taken either
            ",,建設業,,,,,,,,,,,,",  # 3: no name
            "業種なし（架空）,,,,,,,,,,,,,,",  # 4: no industry
            "鉱業（架空）,,鉱業,,,,,,,,,,,,",  # 5: unknown industry
            "規模（架空）,,製造業,,,,巨大,,,,,,,,",  # 6: unknown size
            "人数（架空）,,製造業,,,,,たくさん,,,,,,,",  # 7: bad count
            "登録（架空）,,製造業,,,,,,たぶん,,,,,,",  # 8: bad yes/no
            "日付（架空）,,製造業,,,,,,,2019/13/45,,,,,",  # 9: bad date
            f"未来（架空）,,製造業,,,,,,yes,{future},,,,,",  # 10: future date
            "矛盾（架空）,,製造業,,,,,,no,2019-04-01,,,,,",  # 11: date but not registered
            "メール（架空）,,製造業,,,,,,,,,,not-mail,,",  # 12: bad e-mail
            "正しい行（架空）,,製造業,,,,,,,,,,,,",  # 13: same name as row 2
            "長い" + "あ" * 200 + ",,製造業,,,,,,,,,,,,",  # 14: too long
            "規模違い（架空）,,製造業,,,,1-9,500,,,,,,,",  # 15: size does not fit
            "既存（架空）,,製造業,,,,300+,,,,,,,,",  # 16: size does not fit the stored 5
            "郵便（架空）,,製造業,123,,,,,,,,,,,",  # 17: bad postal code
            "かな（架空）,漢字,製造業,,,,,,,,,,,,",  # 18: kana with kanji
        ]
        before = revision(city.lg)
        entries = AuditEntry.objects.count()
        response = upload(client, csv_bytes(*rows))
        assert response.status_code == 200
        reported = {(error.row, error.column) for error in response.context["errors"]}
        expected = {
            (3, "name"),
            (4, "industry"),
            (5, "industry"),
            (6, "size"),
            (7, "employees"),
            (8, "registered_with_probation_office"),
            (9, "registered_on"),
            (10, "registered_on"),
            (11, "registered_on"),
            (12, "contact_email"),
            (13, "name"),
            (14, "name"),
            (15, "size"),
            (16, "size"),
            (17, "postal_code"),
            (18, "name_kana"),
        }
        assert expected <= reported, sorted(expected - reported)
        assert not {row for row, _column in reported} & {2}
        text = response.content.decode()
        assert "何も取り込んでいません" in text
        assert "2行目と同じ事業所名です" in text
        assert list(Employer.objects.all()) == [kept]
        kept.refresh_from_db()
        assert kept.size == "1-9"
        assert AuditEntry.objects.count() == entries
        assert revision(city.lg) == before

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "ファイルが空です"),
            (csv_bytes("name,industry,colour", "a,建設業,red"), "知らない列です"),
            (csv_bytes("industry", "建設業"), "見出し行にこの列がありません"),
            (csv_bytes(HEADER), "取り込む行がありません"),
            (b"\xff\xfe\x00garbage\x81", "読めません"),
        ],
    )
    def test_a_file_that_cannot_be_read_changes_nothing(self, client, city, content, message):
        client.force_login(secretariat(city))
        response = upload(client, content)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Employer.objects.exists()

    def test_a_file_of_another_kind_is_refused(self, client, city):
        client.force_login(secretariat(city))
        response = upload(client, b"%PDF-1.4", "list.pdf")
        assert "CSV（.csv）か Excel（.xlsx）" in response.content.decode()

    def test_an_export_imports_again_unchanged(self, client, city):
        EmployerFactory(
            local_government=city.lg,
            name="輪（架空）",
            employees=40,
            size="10-49",
            registered_on=datetime.date(2019, 4, 1),
            contact_email="wa@example.jp",
            hires_before_registration=2,
        )
        client.force_login(secretariat(city))
        reauthenticate(client)  # a personal-data export
        exported = client.get(reverse("employers:export_csv")).getvalue()
        response = upload(client, exported)
        assert response.status_code == 302
        entry = AuditEntry.objects.get(action="employment.employer.import")
        assert (entry.changes["created"], entry.changes["updated"]) == (0, 0)
        assert entry.changes["unchanged"] == 1

    def test_the_template_is_a_valid_file(self, client, city):
        client.force_login(secretariat(city))
        template = client.get(reverse("employers:template")).getvalue()
        assert upload(client, template).status_code == 302
        assert Employer.objects.get().is_fictional is False
        assert "架空" in Employer.objects.get().name


# --- list and export ---------------------------------------------------------------------------------


class TestList:
    def test_it_filters_sorts_and_pages(self, client, city):
        EmployerFactory(
            local_government=city.lg, name="あ建設（架空）", name_kana="あ", ward="東区"
        )
        EmployerFactory(
            local_government=city.lg,
            name="い食堂（架空）",
            name_kana="い",
            industry=Industry.FOOD_SERVICE,
            is_public=False,
            ward="西区",
        )
        EmployerFactory(local_government=city.lg, name="う（架空）", name_kana="う", status=APPLIED)
        EmployerFactory(local_government=LocalGovernmentFactory(), name="よその市（架空）")
        client.force_login(secretariat(city))
        url = reverse("employers:index")

        def names(**query):
            response = client.get(url, query)
            assert response.status_code == 200
            return [employer.name for employer in response.context["page"]]

        assert names() == ["あ建設（架空）", "い食堂（架空）", "う（架空）"]
        assert names(sort="-name") == ["う（架空）", "い食堂（架空）", "あ建設（架空）"]
        assert names(status=APPLIED) == ["う（架空）"]
        assert names(industry=Industry.FOOD_SERVICE) == ["い食堂（架空）"]
        assert names(public="no") == ["い食堂（架空）"]
        assert names(ward="東区") == ["あ建設（架空）"]
        assert names(q="食堂") == ["い食堂（架空）"]
        assert names(status="bogus", sort="bogus") == [
            "あ建設（架空）",
            "い食堂（架空）",
            "う（架空）",
        ]
        response = client.get(url, {"status": APPLIED})
        assert "審査を待っている申請が 1 件" in response.content.decode()

    def test_it_pages_fifty_at_a_time(self, client, city):
        EmployerFactory.create_batch(51, local_government=city.lg)
        client.force_login(secretariat(city))
        page = client.get(reverse("employers:index"), {"page": 2}).context["page"]
        assert page.number == 2
        assert len(page.object_list) == 1

    def test_it_says_what_to_do_when_empty(self, client, city):
        client.force_login(secretariat(city))
        response = client.get(reverse("employers:index"))
        assert "名簿（CSV・Excel）から取り込む" in response.content.decode()

    def test_csv_export_follows_the_filters(self, client, city):
        EmployerFactory(local_government=city.lg, name="=危険（架空）", is_public=False)
        EmployerFactory(local_government=city.lg, name="公開（架空）", is_public=True)
        client.force_login(secretariat(city))
        reauthenticate(client)  # a personal-data export
        response = client.get(reverse("employers:export_csv"), {"public": "no"})
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        assert rows[0][:3] == ["事業所名", "事業所名（ふりがな）", "業種"]
        assert [row[0] for row in rows[1:]] == ["'=危険（架空）"]  # a formula is kept as text
        assert "状態" in rows[0]

    def test_excel_export(self, client, city):
        from openpyxl import load_workbook

        EmployerFactory(local_government=city.lg, name="エクセル（架空）", employees=1200)
        EmployerFactory(local_government=LocalGovernmentFactory(), name="よその市（架空）")
        client.force_login(secretariat(city))
        reauthenticate(client)  # a personal-data export
        response = client.get(reverse("employers:export_xlsx"))
        workbook = load_workbook(io.BytesIO(response.content))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert rows[0][0] == "事業所名"
        assert [row[0] for row in rows[1:]] == ["エクセル（架空）"]
        assert rows[1][7] == 1200  # a number stays a number
        assert workbook.active["H2"].number_format == "#,##0"
        assert numeric_text_cells(workbook) == [] and unseparated_numbers(workbook) == []


# --- the employment home and the demo ----------------------------------------------------------------


class TestHome:
    def test_each_role_sees_the_parts_it_may_open(self, client, city):
        employers_url = reverse("employers:index")
        company_url = reverse("company:detail")
        client.force_login(secretariat(city))
        urls = [link["url"] for link in client.get(reverse("employment:index")).context["links"]]
        assert employers_url in urls
        assert company_url not in urls
        assert "就労支援" in client.get(reverse("staff:home")).content.decode()

        client.force_login(city.users[Role.DEPARTMENT])
        urls = [link["url"] for link in client.get(reverse("employment:index")).context["links"]]
        assert employers_url not in urls
        # the department may not open the event list, but it may open the yearly summaries
        assert reverse("events:index") not in urls
        assert reverse("events:summary") in urls
        assert reverse("seekers:summary") in urls

        own_company(city)
        client.force_login(employer_user(city))
        urls = [link["url"] for link in client.get(reverse("employment:index")).context["links"]]
        assert company_url in urls
        assert employers_url not in urls

    def test_an_employer_not_approved_is_told_so(self, client, city):
        own_company(city, status=WITHDRAWN)
        client.force_login(employer_user(city))
        response = client.get(reverse("employment:index"))
        assert response.context["links"] == []
        assert "承認されていません" in response.content.decode()

    def test_the_housing_provider_has_no_employment_menu(self, client, city):
        client.force_login(city.users[Role.HOUSING_PROVIDER])
        assert "就労支援" not in client.get(reverse("staff:home")).content.decode()


def test_seed_demo_gives_the_demo_employer_its_company_once(city):
    call_command("seed_demo", local_government="testcity", stdout=io.StringIO())
    call_command("seed_demo", local_government="testcity", stdout=io.StringIO())
    demo = User.objects.get(username="employer")
    company = Employer.objects.get(organization=demo.organization)
    assert company.status == APPROVED
    assert company.is_fictional
    assert "架空" in company.name
    employers = Employer.objects.filter(local_government=city.lg)
    assert employers.count() == 6
    assert all(e.is_fictional and "架空" in e.name and e.status == APPROVED for e in employers)
    assert len({e.industry for e in employers}) >= 5
    assert {e.is_public for e in employers} == {True, False}
    postings = JobPosting.objects.filter(local_government=city.lg)
    assert postings.count() == 6  # one each, not doubled by the second run
    assert all(p.is_fictional and "架空" in p.title and p.status == "published" for p in postings)
