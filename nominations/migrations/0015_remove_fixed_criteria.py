"""The answers and verdicts now live in Answer and ScreeningVerdict (0013)."""

from django.db import migrations, models

# A default first, so that the migration can be undone on a table with rows: the
# columns come back empty and 0013's backwards fills them.
RELAX = [
    migrations.AlterField(
        model_name=model, name=name, field=models.TextField(blank=True, default="")
    )
    for model in ("nomination", "nominationversion")
    for name in ("added_value", "innovation", "inspiration", "results")
]


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0014_orientation_data'),
    ]

    operations = [
        *RELAX,
        migrations.RemoveConstraint(
            model_name='nomination',
            name='nomination_collaboration_failure_has_reason',
        ),
        migrations.RemoveConstraint(
            model_name='nomination',
            name='nomination_added_value_failure_has_reason',
        ),
        migrations.RemoveField(model_name='nomination', name='added_value'),
        migrations.RemoveField(model_name='nomination', name='innovation'),
        migrations.RemoveField(model_name='nomination', name='inspiration'),
        migrations.RemoveField(model_name='nomination', name='results'),
        migrations.RemoveField(model_name='nomination', name='collaboration_status'),
        migrations.RemoveField(model_name='nomination', name='collaboration_reason'),
        migrations.RemoveField(model_name='nomination', name='added_value_status'),
        migrations.RemoveField(model_name='nomination', name='added_value_reason'),
        migrations.RemoveField(model_name='nominationversion', name='added_value'),
        migrations.RemoveField(model_name='nominationversion', name='innovation'),
        migrations.RemoveField(model_name='nominationversion', name='inspiration'),
        migrations.RemoveField(model_name='nominationversion', name='results'),
    ]
