"""On PostgreSQL: the vn_fold() function and the "vi" collation that SQLite gets in Python."""

from django.db import migrations

from ntmportal.vietnamese import POSTGRES_SETUP, POSTGRES_TEARDOWN


def run_all(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(run_all(POSTGRES_SETUP), run_all(POSTGRES_TEARDOWN))]
