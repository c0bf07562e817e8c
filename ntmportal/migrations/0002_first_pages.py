"""The portal's name and its fixed pages (ntmportal/seeding.py)."""

from django.db import migrations

from ntmportal.seeding import seed_portal


def create(apps, schema_editor):
    seed_portal(apps.get_model("ntmportal", "SiteSettings"), apps.get_model("ntmportal", "Page"))


class Migration(migrations.Migration):
    dependencies = [("ntmportal", "0001_site_settings_and_pages")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
