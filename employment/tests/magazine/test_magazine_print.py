"""The job magazine's print (the PDF) and the audit of every write (split from
test_magazine.py)."""

import datetime

import pytest

from core.models import AuditEntry
from core.testing.pdf import A4_POINTS, read_pdf
from employment.magazine import services as magazine
from employment.magazine.pdf import issue_html, render_issue_pdf
from employment.models import (
    MagazineIssue,
    MagazineItem,
)
from employment.tests.magazine.magazine_support import (
    built,
    posting,
    url,
)

pytestmark = pytest.mark.django_db

# --- the print -----------------------------------------------------------------------------------


class TestPrint:
    @pytest.mark.japanese_font
    def test_the_pdf_is_a4_with_the_japanese_font_and_grows_with_postings(
        self, client, city, secretariat, employer
    ):
        small = built(city, secretariat, [posting(employer) for _ in range(2)], number=1)
        client.force_login(secretariat)
        response = client.get(url("pdf", pk=small.pk))
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="testcity-job-magazine-1-draft.pdf"' in response["Content-Disposition"]
        pdf = read_pdf(response.content)
        assert set(pdf.page_sizes) == {A4_POINTS}
        font = pdf.font_named("Noto-Sans-CJK-JP")
        assert font is not None and font.subset and font.embedded, pdf.fonts
        assert pdf.page_count == 3  # cover, how to apply, two postings on one page
        long_text = "現場での作業です。" * 80
        larger = built(
            city,
            secretariat,
            [posting(employer, description=long_text, message=long_text) for _ in range(6)],
            number=2,
        )
        assert read_pdf(render_issue_pdf(larger)).page_count == 5  # two a page, however long
        larger.postings_per_page = MagazineIssue.PostingsPerPage.ONE
        larger.save()
        assert read_pdf(render_issue_pdf(larger)).page_count == 8

    def test_the_print_holds_the_cover_the_how_to_apply_page_and_the_postings(
        self, client, city, secretariat, employer, hidden_employer
    ):
        issue = built(
            city,
            secretariat,
            [
                posting(employer, title="型枠大工（架空）", wage_min=220000, wage_max=300000),
                posting(hidden_employer, title="配送ドライバー（架空）", excluded_offences=4),
            ],
            number=5,
            cover_text="あなたの再出発を応援します",
        )
        magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1))
        client.force_login(secretariat)
        html = client.get(url("preview", pk=issue.pk)).content.decode()
        assert "Change（チェンジ）！" in html and "第5号" in html
        assert "令和8年（2026年）10月1日" in html
        assert "あなたの再出発を応援します" in html
        assert "保護司に相談" in html  # the how-to-apply page
        assert "月給 220,000円〜300,000円" in html
        assert "非公開運送株式会社（架空）" in html  # the magazine goes to supporters
        assert "受け入れない前歴: 薬物" in html
        assert html.index("型枠大工（架空）") < html.index("配送ドライバー（架空）")
        assert "見本（編集中）" not in html
        assert "<script" not in html
        # the PDF holds the page numbers (the preview links the same rules)
        assert "counter(page)" in issue_html(issue)

    def test_a_draft_prints_as_a_sample(self, city, secretariat, employer):
        issue = built(city, secretariat, [posting(employer)])
        assert "見本（編集中）" in issue_html(issue)


def test_every_write_leaves_an_audit_entry(city, secretariat, employer):
    issue = magazine.issue_create(
        actor=secretariat,
        local_government=city.lg,
        values={
            "number": 1,
            "title": "Change（チェンジ）！",
            "cover_text": "",
            "how_to_apply": "保護司に相談してください。",
            "postings_per_page": 2,
            "copies_printed": None,
        },
    )
    magazine.items_add(actor=secretariat, issue=issue, posting_ids=[posting(employer).pk])
    magazine.items_add(actor=secretariat, issue=issue, posting_ids=[posting(employer).pk])
    item = MagazineItem.objects.filter(issue=issue).order_by("order").first()
    magazine.item_move(actor=secretariat, item=item, offset=1)
    magazine.item_remove(actor=secretariat, item=item)
    magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1))
    magazine.issue_set_copies_printed(actor=secretariat, issue=issue, copies_printed=100)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "employment.magazine_issue_create",
        "employment.magazine_items_add",
        "employment.magazine_item_move",
        "employment.magazine_item_remove",
        "employment.magazine_issue_publish",
        "employment.magazine_copies_printed",
    } <= actions
