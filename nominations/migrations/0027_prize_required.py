# Every year has its prize (0026), so the column is required from here. A migration of
# its own: PostgreSQL does not alter a table with the updates of 0026 pending.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0026_prizes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='prizeyear',
            name='prize',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='years', to='nominations.prize', verbose_name='prize'),
        ),
        migrations.AddConstraint(
            model_name='prizeyear',
            constraint=models.UniqueConstraint(fields=('prize', 'year'), name='prize_year_once_per_prize', violation_error_message='The prize already has this year.'),
        ),
        migrations.AddConstraint(
            model_name='prize',
            constraint=models.CheckConstraint(condition=models.Q(('decider__in', ['jury', 'committee'])), name='prize_decider_valid'),
        ),
        migrations.AddConstraint(
            model_name='prize',
            constraint=models.CheckConstraint(condition=models.Q(('decider', 'jury'), models.Q(('deciding_body', ''), _negated=True), _connector='OR'), name='prize_committee_named', violation_error_message='Name the committee that decides on the proposal.'),
        ),
    ]
