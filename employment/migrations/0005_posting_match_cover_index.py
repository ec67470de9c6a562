"""A covering index for matching on PostgreSQL (employment.seekers.matching, issue 17).

Matching ranks every open posting of a body that passes the hard filters (60,902 of ≈100,000 in
the benchmark's large body). Read from the table, each row is a wide tuple (description,
message, working hours …) and the body's id is its last column, so most of the query's time
was spent reading and taking apart those tuples rather than scoring them. This index holds,
after the body and the status, exactly the columns the filters and the scores read, so the
ranking runs as an index-only scan of narrow tuples (about half the time, docs/benchmarks.md).

PostgreSQL only (INCLUDE): SQLite keeps its table scan, as before."""

from django.db import migrations

COLUMNS = (
    "id, employer_id, ends_on, excluded_offences, probation_welcome, juveniles_welcome, "
    "industry, ward, employment_type, dormitory, company_housing, meals, published_at, "
    "title, qualifications"
)
CREATE = (
    "CREATE INDEX IF NOT EXISTS employment_jobposting_match_cover ON employment_jobposting "
    f"(local_government_id, status) INCLUDE ({COLUMNS})"
)
DROP = "DROP INDEX IF EXISTS employment_jobposting_match_cover"


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("employment", "0004_posting_offences_help_text")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
