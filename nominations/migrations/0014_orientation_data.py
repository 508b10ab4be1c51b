"""Move the answers and the screening into the criteria of each year, without loss.

Every year that has a nomination window or nominations gets the criteria of the
committee paper for 2023 (the only ones there have been); each nomination's four
answers become Answer rows, its two screening statuses with their reasons become
ScreeningVerdict rows, and each earlier version keeps its answers as JSON. The
jury's scores move in jury/0008.
"""

from django.db import migrations
from django.db.models import Q

from nominations.migrations._orientation_2023 import ANSWER_KEYS, SCREENED_KEYS, create_criteria

BATCH = 500


def forwards(apps, schema_editor):
    PrizeYear = apps.get_model("nominations", "PrizeYear")
    Criterion = apps.get_model("nominations", "Criterion")
    Nomination = apps.get_model("nominations", "Nomination")
    NominationVersion = apps.get_model("nominations", "NominationVersion")
    Answer = apps.get_model("nominations", "Answer")
    ScreeningVerdict = apps.get_model("nominations", "ScreeningVerdict")

    criteria = {}
    years = PrizeYear.objects.filter(Q(opens_at__isnull=False) | Q(nominations__isnull=False))
    for prize_year in years.distinct():
        criteria[prize_year.pk] = create_criteria(Criterion, prize_year)

    answers, verdicts = [], []
    for nomination in Nomination.objects.order_by("pk").iterator(chunk_size=BATCH):
        by_key = criteria[nomination.prize_year_id]
        for key in ANSWER_KEYS:
            answers.append(
                Answer(nomination=nomination, criterion=by_key[key], text=getattr(nomination, key))
            )
        for key in SCREENED_KEYS:
            status = getattr(nomination, f"{key}_status")
            reason = getattr(nomination, f"{key}_reason")
            # No row means not screened; a pending status with a note keeps the note.
            if status != "pending" or reason:
                verdicts.append(
                    ScreeningVerdict(
                        nomination=nomination, criterion=by_key[key], status=status, reason=reason
                    )
                )
        if len(answers) >= BATCH:
            Answer.objects.bulk_create(answers)
            ScreeningVerdict.objects.bulk_create(verdicts)
            answers, verdicts = [], []
    Answer.objects.bulk_create(answers)
    ScreeningVerdict.objects.bulk_create(verdicts)

    for version in NominationVersion.objects.order_by("pk").iterator(chunk_size=BATCH):
        version.answers = [{"criterion": key, "text": getattr(version, key)} for key in ANSWER_KEYS]
        version.save(update_fields=["answers"])


def backwards(apps, schema_editor):
    """Put the answers, verdicts and versions back into the fixed fields (0014 undone)."""
    Nomination = apps.get_model("nominations", "Nomination")
    NominationVersion = apps.get_model("nominations", "NominationVersion")
    Answer = apps.get_model("nominations", "Answer")
    ScreeningVerdict = apps.get_model("nominations", "ScreeningVerdict")
    Criterion = apps.get_model("nominations", "Criterion")

    for answer in Answer.objects.select_related("criterion").filter(criterion__key__in=ANSWER_KEYS):
        Nomination.objects.filter(pk=answer.nomination_id).update(
            **{answer.criterion.key: answer.text}
        )
    verdicts = ScreeningVerdict.objects.select_related("criterion")
    for verdict in verdicts.filter(criterion__key__in=SCREENED_KEYS):
        key = verdict.criterion.key
        Nomination.objects.filter(pk=verdict.nomination_id).update(
            **{f"{key}_status": verdict.status, f"{key}_reason": verdict.reason}
        )
    for version in NominationVersion.objects.all():
        texts = {row.get("criterion"): row.get("text", "") for row in version.answers}
        for key in ANSWER_KEYS:
            setattr(version, key, texts.get(key, ""))
        version.save()
    Answer.objects.all().delete()
    ScreeningVerdict.objects.all().delete()
    Criterion.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0013_orientation")]
    operations = [migrations.RunPython(forwards, backwards)]
