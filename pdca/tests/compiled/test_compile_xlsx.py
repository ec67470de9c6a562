"""The progress workbook of Kumamoto's plan as a reader opens it: numbers are numbers with
thousands separators, a direction (増加) stays text (issue 11 §3b)."""

import datetime

from django.urls import reverse

from conftest import make_role_users
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, open_workbook, unseparated_numbers
from pdca import services
from plans.models import Department


def test_kumamotos_progress_workbook_keeps_numbers_as_numbers(client, kumamoto):
    lg = kumamoto.local_government
    users = make_role_users(
        lg,
        secretariat_department=Department.objects.get(local_government=lg, name="生活安全課"),
        own_department=Department.objects.get(local_government=lg, name="市営住宅課"),
    )
    services.cycle_open(
        actor=users[Role.SECRETARIAT],
        plan=kumamoto,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )
    response = client.get(reverse("progress:xlsx", kwargs={"lg": "kumamoto", "year": 2021}))
    assert response.status_code == 200
    book = open_workbook(response.content)
    assert numeric_text_cells(book) == []
    assert unseparated_numbers(book) == []
    sheet = book["指標"]
    header = [cell.value for cell in sheet[2]]
    target, note = header.index("目標値") + 1, header.index("目標の注記") + 1
    rows = {
        sheet.cell(row=r, column=2).value.split("\n")[0]: r
        for r in range(3, sheet.max_row)
        if sheet.cell(row=r, column=2).value
    }

    def cell(name, column):
        return sheet.cell(row=rows[name], column=column)

    participants = cell("“社会を明るくする運動”行事参加人数", target)
    assert (participants.value, participants.number_format) == (9000, "#,##0")
    assert cell("“社会を明るくする運動”熊本市推進大会参加人数", target).value == 752
    assert cell("“社会を明るくする運動”の市民の認知度", target).value == "増加"
    quota = cell("熊本市の保護司数", target)
    assert (quota.value, cell("熊本市の保護司数", note).value) == (320, "(定数)")
    baseline = cell("障がい者サポーターの登録者数（累計）", header.index("基準値") + 1)
    assert (baseline.value, baseline.number_format) == (3000, "#,##0")
    outcome = next(
        r for name, r in rows.items() if name.startswith("熊本市の刑法犯検挙人員中の再犯者数")
    )
    bound = sheet.cell(row=outcome, column=target)
    assert (bound.value, bound.number_format) == (450, '#,##0"以下"')
