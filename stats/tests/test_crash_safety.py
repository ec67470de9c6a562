"""A statistics import killed (SIGKILL) inside its transaction leaves the values as they were,
and the next run imports the whole file (ADR 0012). SQLite and PostgreSQL."""

import pytest

from core.testing import crash

pytestmark = pytest.mark.django_db(transaction=True)

AREA = "テスト市（架空）"
VALUES = (
    "series,area,period,breakdown_kind,breakdown,value,note\n"
    f"arrests,{AREA},2020,,,310,\n"
    f"arrests,{AREA},2020,罪種,窃盗犯,210,\n"
    f"arrests,{AREA},2020,罪種,粗暴犯,100,\n"
    f"reoffenders,{AREA},2020,,,105,\n"
)


def import_values():
    """The secretariat's upload of VALUES, as the back office runs it (run in the child)."""
    from accounts.models import User
    from core.models import LocalGovernment
    from stats.services import statistics_import_file

    statistics_import_file(
        actor=User.objects.get(username="testcity-secretariat"),
        local_government=LocalGovernment.objects.get(slug="testcity"),
        filename="values.csv",
        content=VALUES.encode(),
    )


def test_an_import_killed_half_way_writes_nothing_and_the_next_run_imports_it(
    city, city_series, tmp_path
):
    database = crash.ScratchDatabase(tmp_path)
    environment = crash.child_environment(database.url)
    work = ("call", f"{__name__}.import_values")
    try:
        values, entries = database.count("stats_statisticvalue"), database.count("core_auditentry")
        child = crash.start("writes:1", *work, environment=environment)
        assert child.line == "PAUSED write 1 in_transaction=True"
        child.kill()

        assert database.count("stats_statisticvalue") == values
        assert database.count("core_auditentry") == entries

        crash.finish(*work, environment=environment)
        assert database.count("stats_statisticvalue") == values + 4
        assert database.count("core_auditentry") == entries + 1
    finally:
        database.drop()
