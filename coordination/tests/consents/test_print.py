"""The printable consent form: an A4 PDF in やさしい日本語 with readings, listing exactly which
organizations see which groups, the purpose, the validity and how to withdraw."""

import pytest
from django.urls import reverse

from coordination.consents.pdf import consent_html, ruby
from coordination.models import FieldGroup
from coordination.tests.factories import ConsentFactory, share
from core.models import AuditEntry
from core.testing.pdf import A4_POINTS, read_pdf


def consent_of(body):
    consent = ConsentFactory(
        case=body.case, taken_by=body.lead_user, purpose="仕事さがしの支援（架空）"
    )
    share(consent, body.other, FieldGroup.BASIC, FieldGroup.PLAN)
    share(consent, body.department, FieldGroup.HEALTH)
    return consent


def test_ruby_marks_the_known_words_and_escapes_the_rest():
    assert str(ruby("同意書<b>")) == "<ruby>同意書<rt>どういしょ</rt></ruby>&lt;b&gt;"


def test_the_form_says_exactly_who_sees_what(body):
    consent = consent_of(body)
    html = consent_html(consent)
    assert body.other.name in html and body.department.name in html
    assert "<rt>なまえ</rt></ruby>、<ruby>生年月日<rt>せいねんがっぴ</rt>" in html  # basic
    assert "<rt>けんこう</rt>" in html  # the health group, in plain words
    assert "連絡先" not in html.split("<table")[1].split("</table>")[0]  # not shared
    assert "仕事さがしの支援（架空）" in html
    assert f"{consent.valid_from.year}年{consent.valid_from.month}月" in html
    assert "<rt>とりけす</rt>" in html or "<rt>とりけし</rt>" in html
    assert body.lead.name in html  # whom to tell
    assert "<style" not in html


def test_an_intake_consent_without_scopes_says_the_lead_only(body):
    consent = ConsentFactory(case=body.case, taken_by=body.lead_user)
    html = consent_html(consent)
    assert "<table" not in html and "ほかの<ruby>組織" in html


def test_the_lead_downloads_an_a4_pdf_and_the_read_is_logged(client, body):
    consent = consent_of(body)
    client.force_login(body.lead_user)
    response = client.get(reverse("consents:print", kwargs={"pk": consent.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="consent-{consent.pk}.pdf"' in response["Content-Disposition"]
    pdf = read_pdf(response.content)
    assert set(pdf.page_sizes) == {A4_POINTS}
    entry = AuditEntry.objects.filter(action="read.sensitive").latest("pk")
    assert entry.changes["purpose"] == "consent_print"
    client.force_login(body.other_user)
    assert client.get(reverse("consents:print", kwargs={"pk": consent.pk})).status_code == 403


@pytest.mark.japanese_font
def test_the_pdf_embeds_the_japanese_font_and_holds_the_text(client, body):
    consent = consent_of(body)
    client.force_login(body.lead_user)
    pdf = read_pdf(client.get(reverse("consents:print", kwargs={"pk": consent.pk})).content)
    font = pdf.font_named("Noto-Sans-CJK-JP")
    assert font is not None and font.subset and font.embedded, pdf.fonts
    assert body.other.name in pdf.text
    assert "どうい" in pdf.text  # the readings are printed


def test_there_is_no_form_to_sign_for_a_support_meeting(client, body):
    from coordination.models import Consent

    consent = ConsentFactory(
        case=body.case,
        taken_by=body.lead_user,
        basis=Consent.Basis.SUPPORT_MEETING,
        basis_note="2026-04-01 支援会議（架空）",
    )
    client.force_login(body.lead_user)
    assert client.get(reverse("consents:print", kwargs={"pk": consent.pk})).status_code == 404
