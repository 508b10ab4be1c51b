"""The archival check (tests/pdfa.py) refuses a file for each thing PDF/A forbids.

Each test takes a document as the application renders it, breaks one thing, and shows that
the check names it. The document itself needs no database: write_pdf() lays out HTML.
"""

import base64
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.template import engines
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph
from pypdf import PdfWriter
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from weasyprint import Attachment

from jury.documents import fonts, render
from tests.attachment_files import image_bytes
from tests.pdfa import _to_unicode, archival_problems, assert_archival

# Every check is tried on a real render, broken in one place.
pytestmark = pytest.mark.pdf

PRINTED_AT = datetime(2030, 5, 4, 10, 0, tzinfo=UTC)


def document(*, variant: str = render.ARCHIVAL_VARIANT, attachments=None) -> bytes:
    """A small document through the same stylesheet and renderer as the real ones."""
    png = base64.b64encode(image_bytes("PNG", size=(40, 30))).decode()
    template = engines["django"].from_string(
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title>'
        '{% include "jury/pdf/_style.html" %}</head><body><h1>Prov</h1>'
        "<p>Trygghet i Årsta, på svenska.</p>"
        f'<img src="data:image/png;base64,{png}" alt="Bild"></body></html>'
    )
    # The context render_html() gives every document template.
    html = template.render(
        {
            "assets": render.ASSETS.as_uri(),
            "printed_at": PRINTED_AT,
            "font_faces": fonts.font_faces(render.ASSETS.as_uri()),
            "font_stack": fonts.FONT_STACK,
        }
    )
    return render.write_pdf(html, printed_at=PRINTED_AT, variant=variant, attachments=attachments)


@pytest.fixture(scope="module")
def good() -> bytes:
    return document()


def changed(content: bytes, change) -> bytes:
    """The document with `change(writer)` applied, written again."""
    writer = PdfWriter(clone_from=BytesIO(content))
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def root(writer: PdfWriter) -> DictionaryObject:
    return writer.root_object


def first_font(writer: PdfWriter) -> DictionaryObject:
    fonts = writer.pages[0]["/Resources"]["/Font"]
    # The regular face of the Latin text, not the heading's bold.
    return next(
        f.get_object() for f in fonts.values() if f.get_object()["/BaseFont"].endswith("+TP-Sans")
    )


def first_image(writer: PdfWriter) -> DictionaryObject:
    xobjects = writer.pages[0]["/Resources"]["/XObject"]
    return next(x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def with_graphics_state(writer: PdfWriter, **entries) -> None:
    state = DictionaryObject({NameObject(f"/{k}"): v for k, v in entries.items()})
    resources = writer.pages[0]["/Resources"]
    states = resources.setdefault(NameObject("/ExtGState"), DictionaryObject())
    states.get_object()[NameObject("/GSprov")] = writer._add_object(state)


def open_action(writer: PdfWriter, **entries) -> None:
    action = DictionaryObject({NameObject(f"/{k}"): v for k, v in entries.items()})
    root(writer)[NameObject("/OpenAction")] = writer._add_object(action)


def problems_after(good: bytes, change) -> str:
    return "\n".join(archival_problems(changed(good, change)))


@pytest.mark.pdf
def test_archival_accepts_a_document_as_rendered(good):
    assert_archival(good)


def test_archival_accepts_a_document_written_again_unchanged(good):
    assert_archival(changed(good, lambda writer: None))


def test_archival_refuses_a_file_without_xmp_metadata(good):
    assert "no XMP" in problems_after(good, lambda w: root(w).pop("/Metadata"))


def test_archival_refuses_another_pdfa_part_than_expected(good):
    problems = "\n".join(archival_problems(good, part=3))
    assert "XMP identifies PDF/A-2B, expected PDF/A-3B" in problems


def test_archival_refuses_a_title_in_info_differing_from_xmp(good):
    problems = problems_after(good, lambda w: w.add_metadata({"/Title": "Något annat"}))
    assert "Info /Title 'Något annat' differs from dc:title 'Prov'" in problems


def test_archival_refuses_a_file_without_output_intent(good):
    problems = problems_after(good, lambda w: root(w).pop("/OutputIntents"))
    assert "no PDF/A output intent" in problems


def test_archival_refuses_a_font_not_embedded(good):
    def unembed(writer):
        font = first_font(writer)
        descendant = font["/DescendantFonts"][0].get_object()
        descendant["/FontDescriptor"].get_object().pop("/FontFile2")

    assert "is not embedded" in problems_after(good, unembed)


def test_archival_refuses_text_no_glyph_draws(good):
    # The å of "på" left without an outline in the embedded font: the text layer says å,
    # the page shows nothing.
    def erase(writer):
        font = first_font(writer)
        mapping = _to_unicode(font["/ToUnicode"].get_object().get_data())
        gid = next(cid for cid, text in mapping.items() if text == "å")
        descendant = font["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        embedded = TTFont(BytesIO(program.get_data()))
        embedded["glyf"][embedded.getGlyphOrder()[gid]] = Glyph()
        out = BytesIO()
        embedded.save(out)
        program.set_data(out.getvalue())

    assert "no glyph of an embedded font behind it: U+00E5" in problems_after(good, erase)


@pytest.mark.pdf
def test_archival_refuses_an_interpolated_image(good):
    def interpolate(writer):
        first_image(writer)[NameObject("/Interpolate")] = BooleanObject(True)

    assert "/Interpolate true" in problems_after(good, interpolate)


def test_archival_refuses_a_blend_mode_pdfa_does_not_know(good):
    problems = problems_after(good, lambda w: with_graphics_state(w, BM=NameObject("/Dissolve")))
    assert "blend mode /Dissolve" in problems


def test_archival_refuses_a_transfer_function(good):
    problems = problems_after(good, lambda w: with_graphics_state(w, TR=NameObject("/Identity")))
    assert "transfer function" in problems


def test_archival_refuses_transparency_without_a_colour_space(good):
    def transparent(writer):
        root(writer).pop("/OutputIntents")
        with_graphics_state(writer, ca=FloatObject(0.5))

    assert "page 1 draws with transparency but has no /Group /CS" in problems_after(
        good, transparent
    )


def test_archival_refuses_javascript(good):
    def script(writer):
        open_action(writer, S=NameObject("/JavaScript"), JS=TextStringObject("app.alert('hej');"))

    assert "a /JavaScript action" in problems_after(good, script)


@pytest.mark.parametrize("action", ["/Launch", "/ImportData", "/ResetForm"])
def test_archival_refuses_a_forbidden_action(good, action):
    problems = problems_after(good, lambda w: open_action(w, S=NameObject(action)))
    assert f"a {action} action" in problems


def test_archival_refuses_a_link_to_another_file(good):
    def go_to_another(writer):
        open_action(writer, S=NameObject("/GoToR"), F=TextStringObject("annan.pdf"))

    assert "/GoToR action, reaching outside the file" in problems_after(good, go_to_another)


def test_archival_refuses_a_file_specification_not_embedded(good):
    def external(writer):
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("x.txt"),
            }
        )
        root(writer)[NameObject("/Prov")] = writer._add_object(spec)

    assert "a reference to the external file x.txt" in problems_after(good, external)


def test_archival_accepts_a_web_link(good):
    def link(writer):
        open_action(writer, S=NameObject("/URI"), URI=TextStringObject("https://start.stockholm/"))

    assert problems_after(good, link) == ""


def test_archival_refuses_a_file_not_marked_as_tagged(good):
    assert "not marked as tagged" in problems_after(good, lambda w: root(w).pop("/MarkInfo"))


def test_archival_refuses_a_file_without_structure_tree(good):
    problems = problems_after(good, lambda w: root(w).pop("/StructTreeRoot"))
    assert "no structure tree" in problems


def test_archival_refuses_a_file_in_another_language(good):
    problems = problems_after(
        good, lambda w: root(w).update({NameObject("/Lang"): TextStringObject("en")})
    )
    assert "/Lang is 'en', expected 'sv'" in problems


def test_archival_refuses_an_embedded_file_in_pdfa_2(good):
    problems = problems_after(good, lambda w: w.add_attachment("data.json", b"{}"))
    assert "expected PDF/A-3B (the file carries embedded files)" in problems


@pytest.fixture(scope="module")
def with_attachment() -> bytes:
    data = Attachment(string="{}", name="data.json", description="Data", relationship="Data")
    return document(variant="pdf/a-3b", attachments=[data])


@pytest.mark.pdf
def test_archival_accepts_pdfa_3_with_its_embedded_file(with_attachment):
    assert_archival(with_attachment)


def test_archival_refuses_an_embedded_file_without_relationship(with_attachment):
    def forget_relationship(writer):
        for spec in root(writer)["/AF"]:
            spec.get_object().pop("/AFRelationship", None)

    assert "has no /AFRelationship" in problems_after(with_attachment, forget_relationship)


@pytest.mark.pdf
def test_archival_refuses_pdfa_3_without_an_embedded_file():
    problems = archival_problems(document(variant="pdf/a-3b"), part=3)
    assert "PDF/A-3 without an embedded file" in "\n".join(problems)
