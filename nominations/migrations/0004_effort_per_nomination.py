from django.db import migrations, models
import django.db.models.deletion


def one_effort_per_nomination(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    Effort = apps.get_model("nominations", "Effort")
    for nomination in Nomination.objects.filter(effort__isnull=True):
        nomination.effort = Effort.objects.create(
            prize_year_id=nomination.prize_year_id, name=nomination.effort_name
        )
        nomination.save(update_fields=["effort"])


class Migration(migrations.Migration):
    dependencies = [("nominations", "0003_screening_efforts_audit")]
    operations = [
        migrations.RunPython(one_effort_per_nomination, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="nomination",
            name="effort",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nominations",
                to="nominations.effort",
                verbose_name="effort",
            ),
        ),
    ]
