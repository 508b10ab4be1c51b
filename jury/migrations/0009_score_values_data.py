"""Move each score's three values into ScoreValue rows, one per assessment criterion."""

from django.db import migrations

from nominations.migrations._orientation_2023 import SCORED_KEYS, create_criteria

BATCH = 500


def forwards(apps, schema_editor):
    Criterion = apps.get_model("nominations", "Criterion")
    Score = apps.get_model("jury", "Score")
    ScoreValue = apps.get_model("jury", "ScoreValue")
    criteria: dict[int, dict] = {}
    values = []
    scores = Score.objects.select_related("effort__prize_year").order_by("pk")
    for score in scores.iterator(chunk_size=BATCH):
        prize_year = score.effort.prize_year
        if prize_year.pk not in criteria:
            # nominations/0013 gave every year with nominations its criteria already.
            criteria[prize_year.pk] = create_criteria(Criterion, prize_year)
        by_key = criteria[prize_year.pk]
        values += [
            ScoreValue(score=score, criterion=by_key[key], value=getattr(score, key))
            for key in SCORED_KEYS
        ]
        if len(values) >= BATCH:
            ScoreValue.objects.bulk_create(values)
            values = []
    ScoreValue.objects.bulk_create(values)


def backwards(apps, schema_editor):
    Score = apps.get_model("jury", "Score")
    ScoreValue = apps.get_model("jury", "ScoreValue")
    for value in ScoreValue.objects.select_related("criterion").filter(
        criterion__key__in=SCORED_KEYS
    ):
        Score.objects.filter(pk=value.score_id).update(**{value.criterion.key: value.value})
    ScoreValue.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("jury", "0008_score_values")]
    operations = [migrations.RunPython(forwards, backwards)]
