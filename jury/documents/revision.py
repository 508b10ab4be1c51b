"""The dossier's content key, kept current by the database instead of rebuilt.

Working out a dossier's key used to mean building its whole HTML from the rows at
every download: about 0.4 s at 600 efforts, for a PDF that was already made. Now the
database counts the changes instead: triggers on every table whose rows the dossier
shows (criteria, efforts, nominations, their organisations, answers, attached files
and screening verdicts) add one to the year's DossierRevision in the same
transaction as the change (migration jury 0014). The key is the SHA-256 of that
count, the year's own row and the renderer (store.py): one query, whatever the size.

The triggers count a change only where the dossier can show it, so that the public
form's nominations, which no dossier shows until they are screened, neither pay for
nor serialise on the count: a row of a nomination that is neither screened nor grouped
with another is not counted, nor a new effort (it has no nomination yet), nor a
nomination's contact details. Everything else counts, including what the dossier
shows only indirectly (a screening verdict decides whether an effort is in it).

The count only grows, so a key is never given twice to different content. Whatever
the dossier shows that is not in the database (the templates, the code that renders,
the translations, the fonts) is in the renderer's part of the key.
"""

from hashlib import sha256

from django.db.models import OuterRef, Subquery

from nominations.models import PrizeYear

from ..models import DossierRevision


def _year_columns() -> list[str]:
    return [field.attname for field in PrizeYear._meta.concrete_fields]


def dossier_key(*, prize_year_id: int, renderer: bytes) -> str:
    """The SHA-256 of what the year's dossier shows now: one query.

    The year's own row is read afresh with its count, so a change of the year (its
    theme, its case number, the committee's approval) makes a new key as well.
    """
    revision = DossierRevision.objects.filter(year_id=OuterRef("pk")).values("revision")
    row = (
        PrizeYear.objects.filter(pk=prize_year_id)
        .annotate(dossier_revision=Subquery(revision))
        .values_list(*_year_columns(), "dossier_revision")
        .first()
    )
    digest = sha256()
    for part in (renderer, b"dossier", repr(row).encode()):
        # Each part with its length, so no two different lists of parts hash alike.
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
