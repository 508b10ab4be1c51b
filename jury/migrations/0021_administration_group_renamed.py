"""The administration's group gets a name for the staff of every prize.

It was "Socialförvaltningen – Trygghetspriset" while it ran one prize; its members and
permissions stay as they were, and the group is renamed, never made twice. A database
where a migration has already made the group under its new name (one written after this
one, applied first) keeps that group, with the members and permissions of both.
"""

from django.db import migrations

from trygghetspris.people import ADMINISTRATION_GROUP, FORMER_ADMINISTRATION_GROUP


def _rename(apps, *, old: str, new: str) -> None:
    Group = apps.get_model("auth", "Group")
    former = Group.objects.filter(name=old).first()
    if former is None:
        return
    current = Group.objects.filter(name=new).first()
    if current is None:
        former.name = new
        former.save(update_fields=["name"])
        return
    current.permissions.add(*former.permissions.all())
    current.user_set.add(*former.user_set.all())
    former.delete()


def rename(apps, schema_editor):
    _rename(apps, old=FORMER_ADMINISTRATION_GROUP, new=ADMINISTRATION_GROUP)


def rename_back(apps, schema_editor):
    _rename(apps, old=ADMINISTRATION_GROUP, new=FORMER_ADMINISTRATION_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0020_chair_label"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(rename, rename_back)]
