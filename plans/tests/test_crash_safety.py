"""A plan load killed (SIGKILL) inside its transaction leaves nothing behind, and the next run
loads the whole package (ADR 0012). SQLite and PostgreSQL."""

import pytest
from django.core.management import call_command

from core.synthetic import with_check_digit
from core.testing import crash

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ("core_localgovernment", "plans_plan", "plans_measure", "plans_department")


def test_a_plan_load_killed_half_way_leaves_nothing_and_the_next_run_loads_it(city, tmp_path):
    city.lg.code = with_check_digit(99999)  # a package names its body by a valid code
    city.lg.save()
    package = tmp_path / "package"
    call_command("export_plan", str(package), "--local-government", city.lg.slug, verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    database = crash.ScratchDatabase(tmp_path)
    environment = crash.child_environment(database.url)
    try:
        child = crash.start(
            "writes:8", "command", "load_plan", str(package), environment=environment
        )
        assert child.line == "PAUSED write 8 in_transaction=True"
        child.kill()

        assert {table: database.count(table) for table in TABLES} == dict.fromkeys(TABLES, 0)
        assert database.count("core_auditentry") == 0

        output = crash.finish("command", "load_plan", str(package), environment=environment)
        assert "loaded" in output
        assert database.count("plans_plan") == 1
        assert database.count("plans_measure") == 3
    finally:
        database.drop()
