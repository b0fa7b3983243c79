"""Full-text search of developing practice.

On SQLite: an FTS5 index (Porter stemming) kept in step with the table by database triggers, so
every write path (the admin, the report importer, the demo) updates it. On PostgreSQL the search
runs on a tsvector built at query time (``practice.selectors``), which needs nothing here.
"""

from django.db import migrations

COLUMNS = "title, problem, solution, outcomes, contact"
NEW = "new.id, new.title, new.problem, new.solution, new.outcomes, new.contact"
OLD = "old.id, old.title, old.problem, old.solution, old.outcomes, old.contact"

CREATE = [
    f"CREATE VIRTUAL TABLE practice_search USING fts5({COLUMNS}, content='practice_developingpractice', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER practice_search_insert AFTER INSERT ON practice_developingpractice BEGIN "
    f"INSERT INTO practice_search(rowid, {COLUMNS}) VALUES ({NEW}); END",
    "CREATE TRIGGER practice_search_delete AFTER DELETE ON practice_developingpractice BEGIN "
    f"INSERT INTO practice_search(practice_search, rowid, {COLUMNS}) VALUES ('delete', {OLD}); END",
    "CREATE TRIGGER practice_search_update AFTER UPDATE ON practice_developingpractice BEGIN "
    f"INSERT INTO practice_search(practice_search, rowid, {COLUMNS}) VALUES ('delete', {OLD}); "
    f"INSERT INTO practice_search(rowid, {COLUMNS}) VALUES ({NEW}); END",
    "INSERT INTO practice_search(practice_search) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS practice_search_insert",
    "DROP TRIGGER IF EXISTS practice_search_delete",
    "DROP TRIGGER IF EXISTS practice_search_update",
    "DROP TABLE IF EXISTS practice_search",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [("practice", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
