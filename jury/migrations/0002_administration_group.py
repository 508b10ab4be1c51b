"""The group that gives the social administration its screens in the admin.

Staff accounts get these screens by joining the group; jurors are not staff
and get none of them.
"""

from django.db import migrations

from jury.migrations._group import GROUP_NAMES, grant
PERMISSIONS = {
    "nominations": [
        "add_prizeyear",
        "change_prizeyear",
        "view_prizeyear",
        "change_window",
        "view_nomination",
        "change_nomination",
        "screen_nomination",
        "export_nominations",
        "export_contact_details",
        "view_effort",
        "change_effort",
        "view_auditentry",
    ],
    "jury": [
        "add_jurymembership",
        "change_jurymembership",
        "delete_jurymembership",
        "view_jurymembership",
    ],
}


def create_group(apps, schema_editor):
    grant(apps, PERMISSIONS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_initial"),
        ("nominations", "0004_effort_per_nomination"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
