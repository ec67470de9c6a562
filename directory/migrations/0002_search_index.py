"""The full-text index of Service.search_text (directory/search.py, docs/search.md).

SQLite: an FTS5 table directory_service_fts(search_text) whose rowid is the service id,
filled from search_text.

PostgreSQL: a GIN index on directory_search_vector(local_government_id, search_text), which is
to_tsvector('simple', 'ｌｇ<local government id> ' || search_text):
- the local government's token (full-width, which the text's NFKC folding never produces)
  lets one index scan return only that body's matches;
- the function is declared costly (parsing a service's text takes ≈0.3 ms), so that the
  planner reads the index instead of parsing every row of a small table or of one body, as
  it does with a bare to_tsvector() expression (≈40 ms for Kumamoto's 127 services);
- plpgsql, so that the planner does not inline it and forget that cost.
The search queries call the function exactly as the index does (directory.search.PG_VECTOR)."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "search_text, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO directory_service_fts (rowid, search_text) "
    "SELECT id, search_text FROM directory_service WHERE search_text != ''",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS directory_service_fts"]
POSTGRESQL_CREATE = [
    """
    CREATE FUNCTION directory_search_vector(local_government_id bigint, search_text text)
    RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
    BEGIN
        RETURN pg_catalog.to_tsvector(
            'pg_catalog.simple'::pg_catalog.regconfig,
            'ｌｇ' || local_government_id::text || ' ' || search_text
        );
    END
    $$
    """,
    "CREATE INDEX directory_service_search_gin ON directory_service "
    "USING gin (directory_search_vector(local_government_id, search_text))",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS directory_service_search_gin",
    "DROP FUNCTION IF EXISTS directory_search_vector(bigint, text)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
            elidable=False,
        )
    ]
