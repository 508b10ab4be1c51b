"""The group that gives the social administration its screens in the admin.

Staff accounts get these screens by joining the group; jurors are not staff
and get none of them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Socialförvaltningen – Trygghetspriset"
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
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_initial"),
        ("nominations", "0004_effort_per_nomination"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
