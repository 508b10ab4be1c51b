"""The committee's orientation as data: criteria per prize year, answers, verdicts.

Schema only; 0013 fills it from the fixed fields, 0014 removes those.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import nominations.models


class Migration(migrations.Migration):

    dependencies = [
        ('nominations', '0012_mail_queue'),
    ]

    operations = [
        migrations.AddField(
            model_name='prizeyear',
            name='theme_en',
            field=models.CharField(blank=True, help_text='Shown on the English pages; empty shows the Swedish theme there too.', max_length=200, verbose_name='theme in English'),
        ),
        migrations.AddField(
            model_name='prizeyear',
            name='description_en',
            field=models.TextField(blank=True, help_text='Shown on the English pages; empty shows the Swedish description there too.', verbose_name='description in English'),
        ),
        migrations.AddField(
            model_name='prizeyear',
            name='orientation_approved_on',
            field=models.DateField(blank=True, help_text='The day the social committee approved the orientation of the prize.', null=True, verbose_name='orientation approved on'),
        ),
        migrations.AddField(
            model_name='prizeyear',
            name='orientation_case_number',
            field=models.CharField(blank=True, help_text="The diarienummer of the committee's decision, for example SN 2023/1234.", max_length=50, verbose_name='case number of the approval'),
        ),
        migrations.AddField(
            model_name='prizeyear',
            name='criteria_revision',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='revision of the criteria'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('window_opened', 'nominations opened'), ('window_closed', 'nominations closed'), ('window_changed', 'nomination window changed'), ('prize_year_created', 'prize year created'), ('criteria_changed', 'criteria changed'), ('screened', 'nomination screened'), ('grouped', 'nominations grouped as one effort'), ('ungrouped', 'nomination separated into an effort of its own'), ('jury_appointed', 'jury member appointed'), ('jury_changed', 'jury appointment changed'), ('jury_removed', 'jury member removed'), ('jury_ended', 'jury appointment ended'), ('set_aside', 'nomination set aside'), ('nomination_registered', 'nomination registered by staff'), ('deadlines_changed', 'jury deadlines changed'), ('scoring_opened', 'scoring opened'), ('scoring_closed', 'scoring closed'), ('scoring_reopened', 'scoring reopened'), ('conflict_declared', 'conflict of interest declared'), ('conflict_withdrawn', 'conflict of interest withdrawn'), ('conflict_questioned', 'question of conflict of interest raised'), ('conflict_ruled', 'question of conflict of interest ruled on'), ('reminder_sent', 'reminder sent to the jury'), ('vote_opened', 'vote opened'), ('vote_cast', 'vote cast'), ('decision', 'winner decided'), ('reservation', 'reservation entered'), ('justerare_named', 'checker of the decision named'), ('decision_checked', 'decision checked'), ('announced', 'winner announced'), ('exported', 'nominations exported'), ('contact_removed', "nominators' contact details removed"), ('personal_data_exported', 'personal data exported'), ('retention_rule_set', 'retention rule recorded'), ('nomination_corrected', 'nomination corrected by the nominator'), ('nomination_withdrawn', 'nomination withdrawn by the nominator'), ('two_factor_reset', 'two-step verification reset')], max_length=30, verbose_name='what'),
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mandatory', 'mandatory: screened, must be met'), ('assessment', 'assessment: scored by the jury')], max_length=12, verbose_name='kind')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='The order among the criteria of the same kind.', verbose_name='position')),
                ('key', models.CharField(help_text='A short name for exports and forms, for example “innovation”. Unique in the year.', max_length=40, validators=[django.core.validators.RegexValidator('^[a-z][a-z0-9_]{0,39}\\Z', 'Use lower-case letters a–z, digits and _ only, starting with a letter.'), nominations.models.validate_criterion_key], verbose_name='key')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_en', models.CharField(blank=True, max_length=200, verbose_name='title in English')),
                ('explanation', models.TextField(help_text="The committee's wording, shown on the public home page.", verbose_name='explanation')),
                ('explanation_en', models.TextField(blank=True, verbose_name='explanation in English')),
                ('answer', models.CharField(choices=[('text', 'a text the nominator writes'), ('organisations', 'the collaborating organisations, at least two')], default='text', max_length=15, verbose_name='answered with')),
                ('question', models.TextField(blank=True, help_text='What the nomination form asks the nominator about the criterion.', verbose_name='question on the form')),
                ('question_en', models.TextField(blank=True, verbose_name='question in English')),
                ('help_text', models.TextField(blank=True, verbose_name='help text on the form')),
                ('help_text_en', models.TextField(blank=True, verbose_name='help text in English')),
                ('min_answer_length', models.PositiveSmallIntegerField(default=0, help_text='0 for no lower limit. Every answer is at most 5 000 characters.', verbose_name='shortest answer (characters)')),
                ('scale', models.JSONField(blank=True, default=list, help_text='For an assessment criterion: five labels, for the scores 1 to 5.', verbose_name='labels of the scale')),
                ('scale_en', models.JSONField(blank=True, default=list, verbose_name='labels of the scale in English')),
                ('prize_year', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='nominations.prizeyear', verbose_name='prize year')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['prize_year', '-kind', 'position', 'pk'],
                'constraints': [
                    models.UniqueConstraint(fields=('prize_year', 'key'), name='criterion_key_per_year'),
                    models.UniqueConstraint(condition=models.Q(('answer', 'organisations')), fields=('prize_year',), name='criterion_one_organisations_question_per_year', violation_error_message='Only one criterion a year is answered with the collaborating organisations.'),
                    models.CheckConstraint(condition=models.Q(('kind__in', ['mandatory', 'assessment'])), name='criterion_kind_valid'),
                    models.CheckConstraint(condition=models.Q(('answer__in', ['text', 'organisations'])), name='criterion_answer_valid'),
                ],
            },
        ),
        migrations.CreateModel(
            name='Answer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='answer')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='nominations.criterion', verbose_name='criterion')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='nominations.nomination', verbose_name='nomination')),
            ],
            options={
                'verbose_name': 'answer',
                'verbose_name_plural': 'answers',
                'ordering': ['nomination', '-criterion__kind', 'criterion__position', 'criterion__pk'],
                'constraints': [models.UniqueConstraint(fields=('nomination', 'criterion'), name='answer_once_per_criterion')],
            },
        ),
        migrations.CreateModel(
            name='ScreeningVerdict',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'not screened'), ('passed', 'meets the criterion'), ('failed', 'does not meet the criterion')], default='pending', max_length=10, verbose_name='verdict')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='verdicts', to='nominations.criterion', verbose_name='criterion')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verdicts', to='nominations.nomination', verbose_name='nomination')),
            ],
            options={
                'verbose_name': 'screening verdict',
                'verbose_name_plural': 'screening verdicts',
                'ordering': ['nomination', 'criterion__position', 'criterion__pk'],
                'constraints': [
                    models.UniqueConstraint(fields=('nomination', 'criterion'), name='verdict_once_per_criterion'),
                    models.CheckConstraint(condition=models.Q(('status', 'failed'), _negated=True) | models.Q(('reason', ''), _negated=True), name='verdict_failure_has_reason'),
                    models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'passed', 'failed'])), name='verdict_status_valid'),
                ],
            },
        ),
        migrations.AddField(
            model_name='nominationversion',
            name='answers',
            field=models.JSONField(default=list, verbose_name='answers to the criteria'),
        ),
    ]
