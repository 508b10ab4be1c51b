"""The documents print every script the form accepts, with the shipped fonts and no other."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from jury.documents import fonts, render
from tests.factories import make_eligible_nomination
from tests.pdfa import assert_archival

# The languages most spoken in Stockholm beyond Swedish, each as a nominator might write.
WRITTEN = {
    "kinesiska": "社区安全合作，邻里守望。",
    "tigrinja": "ሰላምን ድሕንነትን ንማሕበረሰብና።",
    "thai": "ความปลอดภัยในชุมชน",
    "arabiska": "الأمان في الحي",
    "persiska": "امنیت در محله",
    "kurdiska": "ئاسایشی گەڕەک",
    "samiska": "Oadjebasvuohta ja ovttasbargu: čđŋšŧž",
    "meänkieli": "Turvalisuus kylässä: hyvä työ",
    "polska": "Bezpieczeństwo sąsiedzkie: zażółć gęślą jaźń",
    "somaliska": "Nabadgelyada xaafadda",
    "emoji": "Tack! 😀👍❤",
}
# An Egyptian hieroglyph: no shipped font has one.
NO_FONT_HAS = "\U00013000"


def text_of(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages
    )


@pytest.fixture
def many_scripts(prize_year):
    make_eligible_nomination(
        prize_year, effort_name="Trygghet på många språk", description="\n".join(WRITTEN.values())
    )
    return render.dossier_pdf(prize_year=prize_year)


@pytest.mark.pdf
def test_dossier_pdf_keeps_a_nomination_in_every_script_as_written(many_scripts):
    text = text_of(many_scripts)
    assert [language for language, words in WRITTEN.items() if words not in text] == []


@pytest.mark.pdf
def test_dossier_pdf_in_every_script_is_archival(many_scripts):
    assert_archival(many_scripts)


@pytest.mark.pdf
def test_dossier_pdf_in_every_script_has_no_marker(many_scripts):
    assert "[U+" not in text_of(many_scripts)


@pytest.mark.pdf
def test_dossier_pdf_uses_only_the_shipped_fonts(many_scripts):
    reader = PdfReader(BytesIO(many_scripts))
    names = {
        font.get_object()["/BaseFont"].split("+", 1)[1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert names <= {
        family.replace(" ", "-") + style
        for family in fonts.FAMILIES
        for style in ("", "-Bold", "-Italic", "-Oblique")
    }
    assert {"TP-Chinese", "TP-Ethiopic", "TP-Thai", "TP-Arabic", "TP-Emoji"} <= names


@pytest.mark.pdf
def test_dossier_pdf_marks_a_character_no_font_has(prize_year):
    make_eligible_nomination(prize_year, description=f"Ett tecken {NO_FONT_HAS} här.")
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    assert "Ett tecken [U+13000] här." in text


@pytest.mark.pdf
def test_dossier_pdf_notes_the_characters_no_font_has(prize_year):
    make_eligible_nomination(prize_year, description=f"Ett tecken {NO_FONT_HAS} här.")
    text = text_of(render.dossier_pdf(prize_year=prize_year))
    assert "Tecken som inte kan visas." in text
    assert "där de förekommer: [U+13000]." in text


@pytest.mark.pdf
def test_dossier_pdf_with_a_marked_character_is_archival(prize_year):
    make_eligible_nomination(prize_year, description=f"Ett tecken {NO_FONT_HAS} här.")
    assert_archival(render.dossier_pdf(prize_year=prize_year))


@pytest.mark.pdf
def test_dossier_pdf_without_missing_characters_has_no_note(prize_year):
    make_eligible_nomination(prize_year, description="Bara svenska: åäö.")
    assert "Tecken som inte kan visas" not in text_of(render.dossier_pdf(prize_year=prize_year))


@pytest.mark.parametrize(
    "sequence",
    ["👍🏽", "❤️", "👨‍👩‍👧", "\u200fمحله\u200e", "a\u00adb"],
    ids=["skin tone", "variation selector", "joined", "direction marks", "soft hyphen"],
)
def test_mark_missing_leaves_characters_that_steer_others(sequence):
    assert fonts.mark_missing(sequence) == (sequence, [])


def test_mark_missing_marks_each_missing_character_once_in_order():
    marked, missing = fonts.mark_missing("\U00013000 x \ue000 \U00013000")
    assert marked == "[U+13000] x [U+E000] [U+13000]"
    assert missing == ["\U00013000", "\ue000"]


def test_every_shipped_font_is_in_the_stylesheet():
    assert {face.file for face in fonts.FACES} == {path.name for path in fonts.font_files()}
