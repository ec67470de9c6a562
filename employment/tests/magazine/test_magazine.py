"""The job magazine 「Change!」: the secretariat builds an issue from published postings, puts
them in order, issues it (the postings are frozen), prints it as an A4 PDF, records copies
printed and distributed, and the indicator 求人情報誌の求人募集件数 is counted, not typed."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.magazine import indicator
from employment.magazine import services as magazine
from employment.magazine.pdf import issue_html
from employment.models import (
    Employer,
    JobPosting,
    MagazineDistribution,
    MagazineIssue,
)
from employment.tests.factories import EmployerFactory, MagazineIssueFactory
from employment.tests.magazine.magazine_support import (
    built,
    counted_indicator,
    draft,
    posting,
    url,
)
from pdca.models import IndicatorValue
from plans.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

# --- the list and a new issue ------------------------------------------------------------------


class TestIssues:
    def test_the_empty_list_says_what_to_do(self, client, secretariat):
        client.force_login(secretariat)
        content = client.get(url("index")).content.decode()
        assert "求人情報誌の号はまだありません" in content
        assert "新しい号を作る" in content

    def test_a_new_issue_starts_with_plain_defaults_that_name_roles_only(
        self, client, city, secretariat
    ):
        draft(city, number=4)
        client.force_login(secretariat)
        form = client.get(url("create")).context["form"]
        assert form.initial["number"] == 5
        assert form.initial["title"] == "Change（チェンジ）！"
        text = form.initial["how_to_apply"]
        for role in ("保護司", "保護観察所", "ハローワーク"):
            assert role in text
        assert not re.search(r"\d{2,}", text)  # no phone number or address invented

    def test_it_creates_an_issue_through_the_form(self, client, city, secretariat):
        client.force_login(secretariat)
        response = client.post(
            url("create"),
            {
                "number": "1",
                "title": "Change（チェンジ）！",
                "cover_text": "応援しています",
                "how_to_apply": "保護司に相談してください。",
                "postings_per_page": "2",
            },
        )
        issue = MagazineIssue.objects.get(local_government=city.lg, number=1)
        assert response.status_code == 302
        assert response["Location"] == url("postings", pk=issue.pk)
        assert issue.status == MagazineIssue.Status.DRAFT
        assert_audited(
            action="employment.magazine_issue_create",
            actor=secretariat,
            obj=issue,
            changes_include={
                "number": {"before": None, "after": 1},
                "title": {"before": None, "after": "Change（チェンジ）！"},
                "cover_text": {"before": None, "after": "応援しています"},
                "how_to_apply": {"before": None, "after": "保護司に相談してください。"},
                "postings_per_page": {"before": None, "after": 2},
            },
        )

    def test_a_bad_post_is_a_clear_message_not_an_error(self, client, city, secretariat):
        draft(city, number=1)
        client.force_login(secretariat)
        bad = client.post(url("create"), {"number": "abc", "postings_per_page": "7"})
        assert bad.status_code == 400
        assert "数字で入力してください" in bad.content.decode()
        taken = client.post(
            url("create"),
            {"number": "1", "title": "Change", "how_to_apply": "相談", "postings_per_page": "2"},
        )
        assert taken.status_code == 400
        assert "第1号はすでにあります" in taken.content.decode()

    def test_the_list_shows_counts_and_the_dates_in_wareki(
        self, client, city, secretariat, employer
    ):
        issue = built(city, secretariat, [posting(employer), posting(employer)])
        magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1))
        magazine.issue_set_copies_printed(actor=secretariat, issue=issue, copies_printed=250)
        magazine.distribution_add(
            actor=secretariat,
            issue=issue,
            destination=MagazineDistribution.Destination.PRISON,
            copies=40,
        )
        client.force_login(secretariat)
        page = client.get(url("index"))
        [row] = page.context["page"].object_list
        assert (row.posting_count, row.copies_printed, row.distributed) == (2, 250, 40)
        assert "令和8年（2026年）10月1日" in page.getvalue().decode()
        csv_text = client.get(url("issues_csv")).getvalue().decode("utf-8-sig")
        assert "号,誌名,状態" in csv_text
        assert "発行済み,2026-10-01,令和8年（2026年）10月1日,2,250,40" in csv_text

    def test_another_local_governments_issue_is_not_found(self, client, secretariat):
        other = MagazineIssueFactory(local_government=LocalGovernmentFactory())
        client.force_login(secretariat)
        assert client.get(url("detail", pk=other.pk)).status_code == 404
        assert client.get(url("pdf", pk=other.pk)).status_code == 404


# --- building an issue -------------------------------------------------------------------------


class TestBuilding:
    def test_only_published_unexpired_postings_of_approved_employers_are_offered(
        self, client, city, secretariat, employer, hidden_employer
    ):
        today = timezone.localdate()
        offered = posting(employer, title="型枠大工（架空）")
        hidden = posting(hidden_employer, title="配送ドライバー（架空）")
        posting(employer, title="下書きの求人", status=JobPosting.Status.DRAFT)
        posting(employer, title="終了した求人", status=JobPosting.Status.CLOSED)
        posting(employer, title="期限切れの求人", ends_on=today - datetime.timedelta(days=1))
        applied = EmployerFactory(local_government=city.lg, status=Employer.Status.APPLIED)
        posting(applied, title="申請中の企業の求人")
        posting(EmployerFactory(local_government=LocalGovernmentFactory()), title="他市の求人")
        issue = draft(city)
        client.force_login(secretariat)
        page = client.get(url("postings", pk=issue.pk))
        assert set(page.context["page"].object_list) == {offered, hidden}
        assert "一般に公開していない企業の求人も選べます" in page.content.decode()
        public_only = client.get(url("postings", pk=issue.pk), {"public_only": "on"})
        assert list(public_only.context["page"].object_list) == [offered]

    def test_postings_are_added_ordered_and_removed_without_javascript(
        self, client, city, secretariat, employer
    ):
        first, second, third = (posting(employer, title=f"求人{n}") for n in range(3))
        issue = draft(city)
        client.force_login(secretariat)
        response = client.post(
            url("postings", pk=issue.pk), {"posting": [first.pk, second.pk, third.pk]}
        )
        assert response.status_code == 302
        # already in the issue: not offered again
        assert not client.get(url("postings", pk=issue.pk)).context["page"].paginator.count

        def order():
            return list(issue.items.order_by("order").values_list("posting__title", flat=True))

        assert order() == ["求人0", "求人1", "求人2"]
        third_item = issue.items.get(posting=third)
        client.post(url("item_move", pk=issue.pk, item=third_item.pk), {"direction": "up"})
        assert order() == ["求人0", "求人2", "求人1"]
        first_item = issue.items.get(posting=first)
        top = client.post(url("item_move", pk=issue.pk, item=first_item.pk), {"direction": "up"})
        assert top.status_code == 302
        assert "これ以上移動できません" in client.get(top["Location"]).content.decode()
        client.post(url("item_remove", pk=issue.pk, item=first_item.pk))
        assert order() == ["求人2", "求人1"]
        assert list(issue.items.order_by("order").values_list("order", flat=True)) == [1, 2]

    def test_a_deleted_posting_drops_out_of_an_issue_being_edited(
        self, client, city, secretariat, employer
    ):
        gone, kept, other = (posting(employer, title=f"求人{n}") for n in range(3))
        issue = built(city, secretariat, [gone, kept])
        gone.delete()
        client.force_login(secretariat)
        detail = client.get(url("detail", pk=issue.pk))
        assert [p.fields["title"] for p in detail.context["printed"]] == ["求人1"]
        assert "削除された求人が1件あります" in detail.content.decode()
        offered = client.get(url("postings", pk=issue.pk)).context["page"].object_list
        assert list(offered) == [other]  # an item without a posting hides nothing
        with pytest.raises(ValidationError, match="削除された求人"):
            magazine.issue_publish(
                actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1)
            )
        lost = issue.items.get(posting=None)
        client.post(url("item_remove", pk=issue.pk, item=lost.pk))
        issued = magazine.issue_publish(
            actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1)
        )
        assert issued.status == MagazineIssue.Status.ISSUED

    def test_htmx_gets_the_list_back(self, client, city, secretariat, employer):
        issue = built(city, secretariat, [posting(employer, title="求人A"), posting(employer)])
        item = issue.items.get(posting__title="求人A")
        client.force_login(secretariat)
        response = client.post(
            url("item_move", pk=issue.pk, item=item.pk),
            {"direction": "down"},
            HTTP_HX_REQUEST="true",
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert content.lstrip().startswith('<div id="items-list">')
        assert "just-moved" in content

    def test_a_posting_that_closed_cannot_be_added(self, client, city, secretariat, employer):
        closed = posting(employer, status=JobPosting.Status.CLOSED)
        issue = draft(city)
        client.force_login(secretariat)
        response = client.post(url("postings", pk=issue.pk), {"posting": [closed.pk]})
        assert response.status_code == 400
        assert "公開が終わったか掲載期間を過ぎた" in response.content.decode()
        assert not issue.items.exists()
        nothing = client.post(
            url("postings", pk=issue.pk), {"posting": ["x", "²", "١٢", "1" * 30, "-1"]}
        )
        assert "追加する求人を選んでください" in nothing.content.decode()

    def test_only_the_secretariat_of_the_same_body_may_write(self, city, employer):
        from django.core.exceptions import PermissionDenied

        issue = draft(city)
        with pytest.raises(PermissionDenied):
            magazine.items_add(
                actor=city.users[Role.PARTNER], issue=issue, posting_ids=[posting(employer).pk]
            )


# --- issuing -----------------------------------------------------------------------------------


class TestIssuing:
    def test_issuing_freezes_what_was_printed(self, client, city, secretariat, employer):
        job = posting(employer, title="とび職（架空）", openings=3, dormitory=True)
        issue = built(city, secretariat, [job])
        client.force_login(secretariat)
        response = client.post(url("publish", pk=issue.pk), {"issued_on": "2026-10-01"})
        assert response.status_code == 302
        issue.refresh_from_db()
        assert issue.status == MagazineIssue.Status.ISSUED
        snapshot = issue.items.get().snapshot
        assert snapshot["title"] == "とび職（架空）"
        assert snapshot["openings"] == 3
        assert snapshot["housing"] == ["寮あり"]
        assert snapshot["employer_name"] == "架空建設株式会社（架空）"
        # the posting changes, closes and is even deleted: the issue stays as printed
        JobPosting.objects.filter(pk=job.pk).update(
            title="変更後の職種", status=JobPosting.Status.CLOSED
        )
        html = issue_html(issue)
        assert "とび職（架空）" in html and "変更後の職種" not in html
        job.delete()
        assert "とび職（架空）" in issue_html(MagazineIssue.objects.get(pk=issue.pk))
        assert indicator.openings_count(city.lg, 2026) == 3

    def test_an_issued_issue_is_read_only(self, client, city, secretariat, employer):
        issue = built(city, secretariat, [posting(employer), posting(employer)])
        magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 5, 1))
        item = issue.items.first()
        for attempt in (
            lambda: magazine.items_add(
                actor=secretariat, issue=issue, posting_ids=[posting(employer).pk]
            ),
            lambda: magazine.item_move(actor=secretariat, item=item, offset=1),
            lambda: magazine.item_remove(actor=secretariat, item=item),
            lambda: magazine.issue_update(
                actor=secretariat,
                issue=issue,
                values={"number": 9, "title": "x", "how_to_apply": "x", "postings_per_page": 2},
            ),
            lambda: magazine.issue_delete(actor=secretariat, issue=issue),
            lambda: magazine.issue_publish(
                actor=secretariat, issue=issue, issued_on=datetime.date(2026, 6, 1)
            ),
        ):
            with pytest.raises(ValidationError):
                attempt()
        client.force_login(secretariat)
        edit = client.get(url("edit", pk=issue.pk))
        assert list(edit.context["form"].fields) == ["copies_printed"]
        detail = client.get(url("detail", pk=issue.pk)).content.decode()
        assert url("item_move", pk=issue.pk, item=item.pk) not in detail
        assert client.get(url("postings", pk=issue.pk)).status_code == 302
        removed = client.post(url("item_remove", pk=issue.pk, item=item.pk))
        assert "発行済みのため変更できません" in client.get(removed["Location"]).content.decode()
        assert issue.items.count() == 2

    def test_it_cannot_be_issued_empty_or_with_a_posting_that_closed(
        self, client, city, secretariat, employer
    ):
        client.force_login(secretariat)
        empty = draft(city)
        response = client.post(url("publish", pk=empty.pk), {"issued_on": "2026-10-01"})
        assert response.status_code == 400
        assert "求人を1件以上載せてから発行してください" in response.content.decode()
        job = posting(employer, title="閉じる求人（架空）")
        issue = built(city, secretariat, [job])
        JobPosting.objects.filter(pk=job.pk).update(status=JobPosting.Status.CLOSED)
        detail = client.get(url("detail", pk=issue.pk)).content.decode()
        assert "公開が終わった求人です。発行する前に外してください" in detail
        response = client.post(url("publish", pk=issue.pk), {"issued_on": "2026-10-01"})
        assert response.status_code == 400
        assert "外してから発行してください" in response.content.decode()
        assert "閉じる求人（架空）" in response.content.decode()
        bad_date = client.post(url("publish", pk=issue.pk), {"issued_on": "someday"})
        assert bad_date.status_code == 400
        issue.refresh_from_db()
        assert issue.status == MagazineIssue.Status.DRAFT


# --- the indicator -----------------------------------------------------------------------------


class TestIndicator:
    def test_openings_are_counted_per_fiscal_year_from_the_snapshots(
        self, city, secretariat, employer
    ):
        march = built(city, secretariat, [posting(employer, openings=2)], number=1)
        april = built(
            city,
            secretariat,
            [posting(employer, openings=5), posting(employer, openings=1)],
            number=2,
        )
        built(city, secretariat, [posting(employer, openings=7)], number=3)  # not issued
        magazine.issue_publish(actor=secretariat, issue=march, issued_on=datetime.date(2026, 3, 31))
        magazine.issue_publish(actor=secretariat, issue=april, issued_on=datetime.date(2026, 4, 1))
        assert indicator.openings_count(city.lg, 2025) == 2
        assert indicator.openings_count(city.lg, 2026) == 6
        assert indicator.openings_count(city.lg, 2027) == 0
        # a later change to a posting does not change what was counted
        JobPosting.objects.filter(employer=employer).update(openings=99)
        assert indicator.openings_count(city.lg, 2026) == 6
        other = LocalGovernmentFactory()
        assert indicator.openings_count(other, 2026) == 0

    def test_issuing_records_the_indicator_value_with_its_source(self, city, secretariat, employer):
        indicator = counted_indicator(city)
        first = built(city, secretariat, [posting(employer, openings=4)], number=1)
        magazine.issue_publish(actor=secretariat, issue=first, issued_on=datetime.date(2026, 9, 1))
        value = IndicatorValue.objects.get(indicator=indicator, period=2026)
        assert value.value == 4
        assert value.source == "求人情報誌の発行号から集計"
        assert value.is_published
        second = built(city, secretariat, [posting(employer, openings=3)], number=2)
        magazine.issue_publish(
            actor=secretariat, issue=second, issued_on=datetime.date(2027, 1, 15)
        )
        value.refresh_from_db()
        assert value.value == 7  # the same fiscal year: updated, not added twice
        assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
        assert_audited(  # the first issue created it, the second changed only the value
            action="pdca.indicator_value_save",
            actor=secretariat,
            obj=value,
            count=2,
            changes={"value": {"before": "4.000", "after": 7}},
        )
        for issue, issued_on, openings in (
            (first, "2026-09-01", 4),
            (second, "2027-01-15", 3),
        ):
            assert_audited(
                action="employment.magazine_issue_publish",
                actor=secretariat,
                obj=issue,
                changes={
                    "status": {"before": "draft", "after": "issued"},
                    "issued_on": {"before": None, "after": issued_on},
                    "postings": {"before": None, "after": 1},
                    "openings": {"before": None, "after": openings},
                },
            )

    def test_a_renamed_indicator_is_still_found_by_its_code(
        self, client, city, secretariat, employer
    ):
        indicator = counted_indicator(city)
        indicator.name = "求人情報誌「Change!」掲載の求人数（改称）"
        indicator.save()
        issue = built(city, secretariat, [posting(employer, openings=5)])
        client.force_login(secretariat)
        response = client.post(
            url("publish", pk=issue.pk), {"issued_on": "2026-10-01"}, follow=True
        )
        assert "「求人情報誌「Change!」掲載の求人数（改称）」は5件です" in response.content.decode()
        assert IndicatorValue.objects.get(indicator=indicator, period=2026).value == 5
        page = client.get(url("index")).content.decode()
        assert "参考指標「求人情報誌「Change!」掲載の求人数（改称）」" in page
        assert "がないため" not in page
        # still counted, not typed, in 進捗管理
        values_page = client.get(reverse("pdca:indicator_values", kwargs={"pk": indicator.pk}))
        assert values_page.context["form"] is None

    def test_an_indicator_with_the_name_but_not_the_code_is_not_counted(
        self, city, secretariat, employer
    ):
        IndicatorFactory(
            plan=city.plan,
            kind="reference",
            code="reference_7",
            name=indicator.INDICATOR_NAME,
            target_value=None,
            target_direction="increase",
            better="higher",
        )
        issue = built(city, secretariat, [posting(employer)])
        magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 9, 1))
        assert not IndicatorValue.objects.exists()

    def test_without_the_indicator_issuing_still_works(self, client, city, secretariat, employer):
        issue = built(city, secretariat, [posting(employer)])
        client.force_login(secretariat)
        response = client.post(
            url("publish", pk=issue.pk), {"issued_on": "2026-10-01"}, follow=True
        )
        assert "発行済みにしました" in response.content.decode()
        assert not IndicatorValue.objects.exists()

    def test_the_pdca_entry_screen_refuses_typing_it(self, client, city, secretariat):
        indicator = counted_indicator(city)
        client.force_login(secretariat)
        page_url = reverse("pdca:indicator_values", kwargs={"pk": indicator.pk})
        page = client.get(page_url)
        assert page.context["form"] is None
        assert "記録から集計します（出典: 求人情報誌の発行号から集計）" in page.content.decode()
        typed = client.post(page_url, {"period": "2026", "value": "50"})
        assert typed.status_code == 403
        assert not IndicatorValue.objects.exists()
        # an indicator typed by hand keeps its form
        other = reverse("pdca:indicator_values", kwargs={"pk": city.indicator.pk})
        assert client.get(other).context["form"] is not None

    def test_a_counted_value_is_not_deleted_by_hand(self, client, city, secretariat, employer):
        indicator = counted_indicator(city)
        issue = built(city, secretariat, [posting(employer)])
        magazine.issue_publish(actor=secretariat, issue=issue, issued_on=datetime.date(2026, 9, 1))
        value = IndicatorValue.objects.get(indicator=indicator)
        client.force_login(secretariat)
        response = client.post(reverse("pdca:indicator_value_delete", kwargs={"pk": value.pk}))
        assert response.status_code == 403
        assert IndicatorValue.objects.filter(pk=value.pk).exists()


# --- copies printed and distributions ------------------------------------------------------------


class TestDistributions:
    @pytest.fixture
    def issued(self, city, secretariat, employer):
        issue = built(city, secretariat, [posting(employer)])
        return magazine.issue_publish(
            actor=secretariat, issue=issue, issued_on=datetime.date(2026, 10, 1)
        )

    def test_distributed_copies_cannot_exceed_the_copies_printed(self, client, secretariat, issued):
        client.force_login(secretariat)
        add = url("distribution_add", pk=issued.pk)
        data = {"destination": "probation_office", "destination_name": "保護観察所（架空）"}
        first = client.post(add, {**data, "copies": "100"})
        assert first.status_code == 400
        assert "先にこの号の印刷部数を記録してください" in first.content.decode()
        client.post(url("edit", pk=issued.pk), {"copies_printed": "250"})
        issued.refresh_from_db()
        assert issued.copies_printed == 250
        ok = client.post(add, {**data, "copies": "200", "sent_on": "2026-10-05"})
        assert ok.status_code == 302
        over = client.post(add, {"destination": "prison", "copies": "60"})
        assert over.status_code == 400
        assert (
            "配布部数の合計（260部）が印刷部数（250部）を超えます。残りは50部です。"
            in over.content.decode()
        )
        assert MagazineDistribution.objects.filter(issue=issued).count() == 1
        lower = client.post(url("edit", pk=issued.pk), {"copies_printed": "150"})
        assert lower.status_code == 400
        assert "すでに200部の配布を記録しています" in lower.content.decode()

    def test_bad_input_is_a_message_not_an_error(self, client, secretariat, issued):
        magazine.issue_set_copies_printed(actor=secretariat, issue=issued, copies_printed=10)
        client.force_login(secretariat)
        add = url("distribution_add", pk=issued.pk)
        bad = client.post(add, {"destination": "moon", "copies": "-3", "sent_on": "yesterday"})
        content = bad.content.decode()
        assert bad.status_code == 400
        assert "一覧から選んでください" in content
        assert "日付は 2026-04-01 のように入力してください" in content
        early = client.post(add, {"destination": "prison", "copies": "1", "sent_on": "2026-09-01"})
        assert "配布日は発行日（2026-10-01）より前にできません" in early.content.decode()

    def test_a_distribution_can_be_deleted_and_an_issue_in_progress_takes_none(
        self, client, city, secretariat, issued
    ):
        magazine.issue_set_copies_printed(actor=secretariat, issue=issued, copies_printed=10)
        record = magazine.distribution_add(
            actor=secretariat,
            issue=issued,
            destination=MagazineDistribution.Destination.HELLO_WORK,
            copies=5,
        )
        client.force_login(secretariat)
        client.post(url("distribution_delete", pk=issued.pk, distribution=record.pk))
        assert not MagazineDistribution.objects.exists()
        assert_audited(
            action="employment.magazine_distribution_delete",
            actor=secretariat,
            obj=issued,
            changes={
                "destination": {"before": "ハローワーク", "after": None},
                "destination_name": {"before": record.destination_name, "after": None},
                "copies": {"before": 5, "after": None},
            },
        )
        in_progress = draft(city)
        with pytest.raises(ValidationError, match="発行してから"):
            magazine.distribution_add(
                actor=secretariat,
                issue=in_progress,
                destination=MagazineDistribution.Destination.PRISON,
                copies=1,
            )
