"""The values of a score now live in ScoreValue (0008)."""

from django.db import migrations, models

# A default first, so that the migration can be undone on a table with rows; 0008's
# backwards then fills the columns in again.
RELAX = [
    migrations.AlterField(
        model_name="score", name=name, field=models.PositiveSmallIntegerField(default=1)
    )
    for name in ("innovation", "inspiration", "results")
]


class Migration(migrations.Migration):

    dependencies = [
        ('jury', '0009_score_values_data'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='score', name='score_innovation_on_scale'),
        migrations.RemoveConstraint(model_name='score', name='score_inspiration_on_scale'),
        migrations.RemoveConstraint(model_name='score', name='score_results_on_scale'),
        *RELAX,
        migrations.RemoveField(model_name='score', name='innovation'),
        migrations.RemoveField(model_name='score', name='inspiration'),
        migrations.RemoveField(model_name='score', name='results'),
    ]
