"""On PostgreSQL, the database itself refuses to change or remove ledger entries.

The application never updates or deletes them; these triggers make sure no one
else does through SQL either (UPDATE, DELETE, TRUNCATE). Other databases rely
on the application and on ``verify_ledger``.
"""

from django.db import migrations

TABLE = "wagtail_gov_review_ledgerentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION wagtail_review_ledger_append_only() RETURNS trigger AS $$
BEGIN
    -- No format placeholders here: the database driver would read them as query parameters.
    RAISE EXCEPTION USING
        MESSAGE = 'the publication ledger is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wagtail_review_ledger_no_update_delete
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION wagtail_review_ledger_append_only();

CREATE TRIGGER wagtail_review_ledger_no_truncate
    BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION wagtail_review_ledger_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS wagtail_review_ledger_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS wagtail_review_ledger_no_update_delete ON {TABLE};
DROP FUNCTION IF EXISTS wagtail_review_ledger_append_only();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("wagtail_gov_review", "0005_ledger")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
