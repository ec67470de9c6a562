"""The consents tab, a new consent (scope grid, signed form upload), the secretariat's approval,
the withdrawal, the signed form and the consents about to expire."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import reauthenticate
from coordination import access
from coordination.models import Consent, ConsentOverride, FieldGroup, ReferralStatus
from coordination.tests.factories import ConsentFactory, ReferralFactory, share
from core.models import AuditEntry
from core.testing.audit import assert_audited

PDF = b"%PDF-1.4\n% fictional\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def consent_form(body, **overrides):
    today = timezone.localdate()
    data = {
        "purpose": "住まいと仕事の支援のため（架空）",
        "basis": Consent.Basis.CONSENT,
        "basis_note": "",
        "given_on": today.isoformat(),
        "form": Consent.Form.WRITTEN,
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=180)).isoformat(),
        f"scope_{body.other.pk}": [FieldGroup.BASIC, FieldGroup.PLAN],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def url(name, pk):
    return reverse(f"consents:{name}", kwargs={"pk": pk})


# --- the tab ------------------------------------------------------------------------------------


class TestIndex:
    def test_states_scopes_the_intake_consent_and_the_team_with_an_override(self, client, body):
        today = timezone.localdate()
        active = ConsentFactory(case=body.case, taken_by=body.lead_user)
        share(active, body.other, FieldGroup.BASIC, FieldGroup.CONTACT)
        ConsentFactory(case=body.case, taken_by=body.lead_user)  # intake: no scopes
        withdrawn = ConsentFactory(
            case=body.case, taken_by=body.lead_user, withdrawn_at=timezone.now()
        )
        share(withdrawn, body.department, FieldGroup.HEALTH)
        expired = ConsentFactory(
            case=body.case,
            taken_by=body.lead_user,
            valid_from=today - datetime.timedelta(days=90),
            valid_until=today - datetime.timedelta(days=1),
        )
        share(expired, body.department, FieldGroup.HEALTH)
        pending = ConsentFactory(
            case=body.case,
            taken_by=body.lead_user,
            basis=Consent.Basis.PUBLIC_BODY,
            basis_note="相当の理由（架空）",
        )
        share(pending, body.department, FieldGroup.BASIC)
        now = timezone.now()
        ConsentOverride.objects.create(
            case=body.case,
            organization=body.department,
            groups=1,
            reason="架空",
            requested_by=body.lead_user,
            approved_by=body.second_lead_user,
            status=ConsentOverride.Status.ACTIVE,
            approved_at=now,
            expires_at=now + datetime.timedelta(hours=1),
        )
        client.force_login(body.lead_user)
        response = client.get(url("index", body.case.pk))
        assert response.status_code == 200
        html = response.content.decode()
        for state in ("有効", "撤回", "期限切れ", "承認待ち"):
            assert f">{state}</span>" in html, state
        assert "主担当の組織のみ（登録と支援）" in html
        assert f"{body.other.name}: 基本、連絡先" in html
        team = response.context["team"]
        by_org = {row.organization.pk: row for row in team}
        assert by_org[body.lead.pk].is_lead
        assert not by_org[body.other.pk].by_override
        assert by_org[body.department.pk].by_override  # only through the override
        assert "緊急時の閲覧（承認済み・期限あり）" in html
        assert url("create", body.case.pk) in html and url("withdraw", active.pk) in html
        assert_audited(
            action="read.sensitive",
            actor=body.lead_user,
            obj=body.case,
            changes_include={"kind": "support_case", "purpose": "consents"},
        )

    def test_a_team_member_who_does_not_lead_sees_no_lead_action(self, client, body):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        share(consent, body.other, FieldGroup.BASIC)
        consent.signed_form.save("x.pdf", ContentFile(PDF), save=False)
        consent.signed_form_type = "application/pdf"
        consent.save()
        client.force_login(body.other_user)
        html = client.get(url("index", body.case.pk)).content.decode()
        assert url("create", body.case.pk) not in html
        assert url("withdraw", consent.pk) not in html
        assert url("signed_form", consent.pk) not in html
        assert client.get(url("signed_form", consent.pk)).status_code == 403


# --- a new consent ------------------------------------------------------------------------------


class TestCreate:
    def test_the_lead_records_a_consent_with_its_scope_grid(self, client, body):
        client.force_login(body.lead_user)
        page = client.get(url("create", body.case.pk))
        fields = page.context["form"].fields
        assert f"scope_{body.other.pk}" in fields and f"scope_{body.department.pk}" in fields
        assert f"scope_{body.employer.pk}" not in fields  # never an employer
        assert f"scope_{body.lead.pk}" not in fields  # nor the lead
        response = client.post(url("create", body.case.pk), consent_form(body))
        assert response.status_code == 302
        consent = Consent.objects.get(case=body.case)
        assert consent.is_in_force() and consent.taken_by == body.lead_user
        assert access.visible_groups(body.other_user, body.case) == ["basic", "plan"]
        assert_audited(
            action="coordination.consent.give",
            actor=body.lead_user,
            obj=consent,
            changes_include={"basis": "consent", "scopes": {str(body.other): ["basic", "plan"]}},
        )

    def test_a_support_meeting_needs_its_record_and_nothing_is_saved_without(self, client, body):
        client.force_login(body.lead_user)
        response = client.post(
            url("create", body.case.pk),
            consent_form(body, basis=Consent.Basis.SUPPORT_MEETING),
        )
        assert response.status_code == 400
        assert response.context["form"].errors["basis_note"]
        assert not Consent.objects.exists()

    def test_no_organization_ticked_is_refused(self, client, body):
        client.force_login(body.lead_user)
        response = client.post(
            url("create", body.case.pk), consent_form(body, **{f"scope_{body.other.pk}": None})
        )
        assert response.status_code == 400
        assert "共有する組織と項目を一つ以上選んでください。" in response.content.decode()
        assert not Consent.objects.exists()

    def test_a_provision_to_a_public_body_is_saved_unapproved(self, client, body):
        client.force_login(body.lead_user)
        data = consent_form(
            body,
            basis=Consent.Basis.PUBLIC_BODY,
            basis_note="生活保護の決定に必要（架空）",
            **{f"scope_{body.other.pk}": None, f"scope_{body.department.pk}": ["basic"]},
        )
        assert client.post(url("create", body.case.pk), data).status_code == 302
        consent = Consent.objects.get()
        assert consent.approved_by is None and not consent.is_in_force()
        assert body.department.pk not in access.case_team(body.case)

    def test_a_provision_to_a_partner_body_is_refused_with_a_message(self, client, body):
        client.force_login(body.lead_user)
        data = consent_form(body, basis=Consent.Basis.PUBLIC_BODY, basis_note="相当の理由（架空）")
        response = client.post(url("create", body.case.pk), data)
        assert response.status_code == 400
        assert "行政機関（市の担当課）にだけできます" in response.content.decode()
        assert not Consent.objects.exists()

    def test_a_signed_png_is_kept_outside_the_web_root_with_its_type(self, client, body):
        client.force_login(body.lead_user)
        upload = SimpleUploadedFile("署名.png", PNG, content_type="application/pdf")
        response = client.post(url("create", body.case.pk), consent_form(body, signed_form=upload))
        assert response.status_code == 302
        consent = Consent.objects.get()
        assert consent.signed_form_type == "image/png"  # read from the content
        assert consent.signed_form_name == "署名.png"
        assert "署名" not in consent.signed_form.name  # a random name on disk
        assert body.storage.exists(consent.signed_form.name)

    @pytest.mark.parametrize(
        "content,name",
        [
            (b"<html><script>alert(1)</script></html>", "form.pdf"),
            (b"GIF89a......", "form.gif"),
            (b"MZ\x90\x00", "form.png"),
        ],
    )
    def test_an_upload_that_is_not_a_pdf_or_image_is_refused(self, client, body, content, name):
        client.force_login(body.lead_user)
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        response = client.post(url("create", body.case.pk), consent_form(body, signed_form=upload))
        assert response.status_code == 400
        assert "PDF、JPEG、PNG" in response.content.decode()
        assert not Consent.objects.exists()
        assert (
            not body.storage.exists("coordination/consents")
            or not (body.storage.listdir("coordination/consents")[1])
        )

    def test_an_upload_too_large_is_refused(self, client, body, settings):
        settings.TSUNAGU_CONSENT_FORM_MAX_BYTES = 2048
        client.force_login(body.lead_user)
        upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 4096, content_type="application/pdf")
        response = client.post(url("create", body.case.pk), consent_form(body, signed_form=upload))
        assert response.status_code == 400
        assert "ファイルが大きすぎます" in response.content.decode()
        assert not Consent.objects.exists()

    def test_only_the_lead_may_record(self, client, body):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        share(consent, body.other, FieldGroup.BASIC)
        client.force_login(body.other_user)
        assert client.get(url("create", body.case.pk)).status_code == 403
        assert client.post(url("create", body.case.pk), consent_form(body)).status_code == 403
        assert Consent.objects.count() == 1


# --- approval by the secretariat ---------------------------------------------------------------


class TestApprove:
    def provision(self, body):
        consent = ConsentFactory(
            case=body.case,
            taken_by=body.lead_user,
            basis=Consent.Basis.PUBLIC_BODY,
            basis_note="相当の理由（架空）",
        )
        share(consent, body.department, FieldGroup.BASIC)
        return consent

    def test_the_secretariat_approves_after_reauthentication(self, client, body):
        consent = self.provision(body)
        client.force_login(body.secretariat)
        response = client.post(url("approve", consent.pk))
        assert response.status_code == 302 and "reauth" in response["Location"]
        consent.refresh_from_db()
        assert consent.approved_by is None
        reauthenticate(client)
        assert "相当の理由（架空）" in client.get(url("approve", consent.pk)).content.decode()
        read = AuditEntry.objects.filter(action="read.sensitive").latest("pk")
        assert read.changes["purpose"] == "provision_approve"
        assert client.post(url("approve", consent.pk)).status_code == 302
        consent.refresh_from_db()
        assert consent.approved_by == body.secretariat and consent.is_in_force()
        assert access.visible_groups(body.department_user, body.case) == ["basic"]
        assert_audited(
            action="coordination.consent.approve",
            actor=body.secretariat,
            obj=consent,
            changes={"case": str(body.case), "basis": "public_body", "approved": True},
        )

    def test_a_consent_that_is_not_a_provision_has_no_approval_page(self, client, body):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        client.force_login(body.secretariat)
        reauthenticate(client)
        assert client.get(url("approve", consent.pk)).status_code == 404


# --- withdrawal ---------------------------------------------------------------------------------


class TestWithdraw:
    def test_confirm_then_withdraw_and_say_how_many_referrals_were_cancelled(self, client, body):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        share(consent, body.other, FieldGroup.BASIC)
        referral = ReferralFactory(
            case=body.case, to_organization=body.other, status=ReferralStatus.REQUESTED
        )
        client.force_login(body.lead_user)
        page = client.get(url("withdraw", consent.pk))
        assert page.status_code == 200 and "撤回はすぐに効きます" in page.content.decode()
        response = client.post(
            url("withdraw", consent.pk), {"note": "本人から電話（架空）"}, follow=True
        )
        assert "取り消した紹介: 1件。" in response.content.decode()
        consent.refresh_from_db()
        referral.refresh_from_db()
        assert consent.withdrawn_at and consent.withdrawal_note == "本人から電話（架空）"
        assert referral.status == ReferralStatus.CANCELLED
        assert not access.can_read_case(body.other_user, body.case)
        again = client.get(url("withdraw", consent.pk))
        assert again.status_code == 302  # already withdrawn: back to the tab


# --- the signed form ----------------------------------------------------------------------------


class TestSignedForm:
    def signed(self, body, content=PDF, content_type="application/pdf"):
        consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
        share(consent, body.other, FieldGroup.BASIC)
        consent.signed_form.save("form.pdf", ContentFile(content), save=False)
        consent.signed_form_name = "山田太郎の同意書.pdf"
        consent.signed_form_type = content_type
        consent.save()
        return consent

    def test_the_lead_gets_it_as_an_attachment_and_the_read_is_logged(self, client, body):
        consent = self.signed(body)
        client.force_login(body.lead_user)
        response = client.get(url("signed_form", consent.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"consent-{consent.pk}.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        entry = AuditEntry.objects.filter(action="read.sensitive").latest("pk")
        assert entry.changes["purpose"] == "signed_form"
        assert entry.changes["fields"] == ["basic"]

    def test_a_missing_file_or_a_path_outside_the_storage_is_404(self, client, body):
        consent = self.signed(body)
        client.force_login(body.lead_user)
        body.storage.delete(consent.signed_form.name)
        assert client.get(url("signed_form", consent.pk)).status_code == 404
        Consent.objects.filter(pk=consent.pk).update(signed_form="../../../etc/passwd")
        assert client.get(url("signed_form", consent.pk)).status_code == 404
        Consent.objects.filter(pk=consent.pk).update(signed_form="")
        assert client.get(url("signed_form", consent.pk)).status_code == 404

    def test_the_secretariat_does_not_get_it(self, client, body):
        consent = self.signed(body)
        client.force_login(body.secretariat)
        assert client.get(url("signed_form", consent.pk)).status_code == 404


# --- consents about to expire -------------------------------------------------------------------


class TestExpiring:
    def test_lists_the_leads_consents_ending_within_30_days(self, client, body):
        today = timezone.localdate()
        soon = ConsentFactory(
            case=body.case, taken_by=body.lead_user, valid_until=today + datetime.timedelta(days=10)
        )
        ConsentFactory(
            case=body.case, taken_by=body.lead_user, valid_until=today + datetime.timedelta(days=40)
        )
        ConsentFactory(  # withdrawn: not in force
            case=body.case,
            taken_by=body.lead_user,
            valid_until=today + datetime.timedelta(days=5),
            withdrawn_at=timezone.now(),
        )
        ConsentFactory(valid_until=today + datetime.timedelta(days=3))  # another lead's case
        client.force_login(body.lead_user)
        response = client.get(reverse("consents:expiring"))
        assert [consent.pk for consent in response.context["page"]] == [soon.pk]
        assert "10日" in response.content.decode()

    def test_an_empty_list_says_so(self, client, body):
        client.force_login(body.other_user)
        response = client.get(reverse("consents:expiring"))
        assert "期限が近い同意はありません。" in response.content.decode()


# --- query counts -------------------------------------------------------------------------------


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_tab_and_the_expiring_list_do_not_grow_with_consents(client, body):
    today = timezone.localdate()

    def add():
        consent = ConsentFactory(
            case=body.case, taken_by=body.lead_user, valid_until=today + datetime.timedelta(days=9)
        )
        share(consent, body.other, FieldGroup.BASIC)
        share(consent, body.department, FieldGroup.PLAN)

    add()
    client.force_login(body.lead_user)
    tab, expiring = url("index", body.case.pk), reverse("consents:expiring")
    client.get(tab)  # the session's first request asks more
    first = (_queries(client, tab), _queries(client, expiring))
    for _ in range(4):
        add()
    assert (_queries(client, tab), _queries(client, expiring)) == first
