from django.db import migrations

from jury.migrations._group import grant


def grant_personal_data_export(apps, schema_editor):
    grant(apps, {"nominations": ["export_personal_data"]})


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0003_scoring_voting_decision"),
        ("nominations", "0006_privacy"),
    ]
    operations = [migrations.RunPython(grant_personal_data_export, migrations.RunPython.noop)]
