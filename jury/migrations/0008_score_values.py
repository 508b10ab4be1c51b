"""A score holds one value per assessment criterion of the year (nominations/0012)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jury', '0007_city_login_device'),
        ('nominations', '0014_orientation_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScoreValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveSmallIntegerField(verbose_name='value')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='score_values', to='nominations.criterion', verbose_name='criterion')),
                ('score', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='jury.score', verbose_name='score')),
            ],
            options={
                'verbose_name': 'score for a criterion',
                'verbose_name_plural': 'scores for the criteria',
                'ordering': ['score', 'criterion__position', 'criterion__pk'],
                'constraints': [
                    models.UniqueConstraint(fields=('score', 'criterion'), name='score_value_once_per_criterion'),
                    models.CheckConstraint(condition=models.Q(('value__gte', 1), ('value__lte', 5)), name='score_value_on_scale'),
                ],
            },
        ),
    ]
