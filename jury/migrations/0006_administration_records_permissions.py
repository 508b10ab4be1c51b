from django.db import migrations

from jury.migrations._group import grant


def grant_records_permissions(apps, schema_editor):
    grant(
        apps,
        {
            # Registering nominations that came by letter, phone or e-mail; recording the
            # archive authority's retention rules.
            "nominations": ["add_nomination", "view_retentionrule", "add_retentionrule"],
            "jury": [
                "view_conflictquestion",
                "view_reservation",
                "view_remindersent",
                "view_decision",
            ],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0005_records_rulings_reminders"),
        ("nominations", "0009_governed_year_and_records"),
    ]
    operations = [migrations.RunPython(grant_records_permissions, migrations.RunPython.noop)]
