"""Cooperating employers, continued: importing the register, the lists and their exports, the
employer's home and the demo company."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import reauthenticate
from core.models import AuditEntry
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment.models import Employer, Industry, JobPosting
from employment.tests.employers.helpers import (
    APPLIED,
    APPROVED,
    HEADER,
    WITHDRAWN,
    csv_bytes,
    employer_user,
    own_company,
    revision,
    secretariat,
    upload,
)
from employment.tests.factories import EmployerFactory


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
