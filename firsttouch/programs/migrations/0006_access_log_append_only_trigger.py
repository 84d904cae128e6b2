# The access log is append-only in the database too, on PostgreSQL: a trigger refuses every
# UPDATE and DELETE of a row, whoever sends it (a raw query, a console, another program).
# SQLite has no such guard here; there the model (AccessLog.save/delete and its queryset)
# refuses. TRUNCATE is not a row operation, so test databases can still be emptied.

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION programs_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'programs_accesslog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_accesslog_append_only
    BEFORE UPDATE OR DELETE ON programs_accesslog
    FOR EACH ROW EXECUTE FUNCTION programs_accesslog_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS programs_accesslog_append_only ON programs_accesslog;
DROP FUNCTION IF EXISTS programs_accesslog_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the % in the message is plpgsql's, not a placeholder.
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0005_staff_invitations_access_log"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
