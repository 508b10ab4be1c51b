"""Shared by the data migrations that give the administration group its permissions."""

from django.contrib.auth.management import create_permissions

from trygghetspris.people import FORMER_ADMINISTRATION_GROUP, administration_group
from trygghetspris.people import ADMINISTRATION_GROUP as GROUP

# Both names of the group (trygghetspris/people.py): a migration may run on a database
# where it still has its former name.
GROUP_NAMES = [GROUP, FORMER_ADMINISTRATION_GROUP]


def grant(apps, permissions: dict[str, list[str]]) -> None:
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = administration_group(Group)
    for app_label, codenames in permissions.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
