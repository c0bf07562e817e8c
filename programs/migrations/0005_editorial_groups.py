"""The editorial roles as groups (docs/architecture.md, "Roles"). Their names are what the admin
shows, so they are Vietnamese:

    Biên tập viên trung ương   national editor: every programs and news model, every unit
                               (programs.edit_nationwide), publishes articles
    Biên tập viên cấp tỉnh     provincial editor: the figures, targets, bridges and attendances,
                               and the articles, of the provinces in their editor profile;
                               reads the rest
    Phóng viên                 writer: drafts articles and submits them for review
    Kiểm duyệt bình luận       moderator: approves and hides comments
    Người xem                  viewer: reads everything in the admin, changes nothing

A user also needs "staff status" to sign in to the admin. Permissions added by later models are
not granted here: a later migration grants them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
PROGRAMS = [
    "document",
    "program",
    "administrativeunit",
    "person",
    "indicator",
    "indicatorvalue",
    "target",
    "conference",
    "bridge",
    "attendance",
    "emulationmovement",
    "award",
]
PROVINCIAL_PROGRAMS = ["indicatorvalue", "target", "bridge", "attendance"]
NEWS = ["category", "tag", "author", "article", "comment"]
# What the writer's article form looks up (the admin's autocomplete needs the view permission).
LOOKUPS = ["program", "administrativeunit", "conference", "emulationmovement", "document"]
NEWSROOM = [
    ("news", "add_article"),
    ("news", "change_article"),
    ("news", "view_article"),
    ("news", "view_category"),
    ("news", "view_author"),
    ("news", "add_tag"),
    ("news", "view_tag"),
    *(("programs", f"view_{model}") for model in LOOKUPS),
]


def grant(app_label, actions, models):
    return [(app_label, f"{action}_{model}") for model in models for action in actions]


GROUPS = {
    "Biên tập viên trung ương": [
        *grant("programs", ALL, PROGRAMS),
        ("programs", "edit_nationwide"),
        *grant("news", ALL, NEWS),
        ("news", "publish_article"),
    ],
    "Biên tập viên cấp tỉnh": [
        *grant("programs", ALL, PROVINCIAL_PROGRAMS),
        *grant("programs", ["view"], PROGRAMS),
        ("programs", "add_person"),
        *NEWSROOM,
        ("news", "delete_article"),
        ("news", "publish_article"),
    ],
    "Phóng viên": NEWSROOM,
    "Kiểm duyệt bình luận": [
        ("news", "view_comment"),
        ("news", "change_comment"),
        ("news", "view_article"),
    ],
    "Người xem": [*grant("programs", ["view"], PROGRAMS), *grant("news", ["view"], NEWS)],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrating; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in grants:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_editor_scope_and_history"),
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
