"""Writing the compiled report (manage.py compile_report) killed (SIGKILL) before the file is
complete leaves the previous file as it was, never half a report; the next run writes it whole
(ADR 0012). SQLite and PostgreSQL."""

import datetime

import pytest

from core.files import leftovers
from core.roles import Role
from core.testing import crash
from core.testing.workbooks import open_workbook
from pdca import services

pytestmark = pytest.mark.django_db(transaction=True)

OLD = b"the report written last week"


def test_a_report_killed_before_it_is_complete_leaves_the_old_file(city, tmp_path):
    services.cycle_open(
        actor=city.users[Role.SECRETARIAT],
        plan=city.plan,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )
    output = tmp_path / "reports" / "2021.xlsx"
    output.parent.mkdir()
    output.write_bytes(OLD)
    database = crash.ScratchDatabase(tmp_path)
    environment = crash.child_environment(database.url)
    work = ("command", "compile_report", str(output), "--local-government=testcity", "--year=2021")
    try:
        # the whole report is on disk under its temporary name; the rename has not happened
        child = crash.start("call:core.files.publish", *work, environment=environment)
        assert child.line == "PAUSED call core.files.publish"
        [partial] = leftovers(output.parent)
        assert partial.stat().st_size > 0
        child.kill()

        assert output.read_bytes() == OLD

        crash.finish(*work, environment=environment)
        book = open_workbook(output.read_bytes())
        assert book.sheetnames
    finally:
        database.drop()
