"""Provincial editors submit articles for review instead of publishing them: the publish permission
stays with the national editors (docs/architecture.md, "Roles")."""

from django.db import migrations

PROVINCIAL = "Biên tập viên cấp tỉnh"


def permission(apps):
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="news", codename="publish_article"
    )


def submit_only(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=PROVINCIAL):
        group.permissions.remove(permission(apps))


def publish_again(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=PROVINCIAL):
        group.permissions.add(permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_article_newest_index"),
        ("programs", "0005_editorial_groups"),
    ]

    operations = [migrations.RunPython(submit_only, publish_again)]
