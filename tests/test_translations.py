from pathlib import Path

import polib
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"


def test_swedish_catalog_translates_every_message():
    po = polib.pofile(str(CATALOG / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_swedish_compiled_catalog_matches_source():
    po = polib.pofile(str(CATALOG / "django.po"))
    mo = polib.mofile(str(CATALOG / "django.mo"))
    # Keyed with the context too: one msgid may be translated differently in two contexts.
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo if entry.msgid}
    source = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po.translated_entries()}
    assert compiled == source
