"""The page references kept for WeasyPrint's tagged PDF (jury/documents/pdf_tagging.py)."""

import io

import pydyf
import pytest
import weasyprint
from pypdf import PdfReader

from jury.documents import pdf_tagging, render


def test_pdf_tagging_workaround_is_in_place_for_the_installed_versions():
    # Fails after an upgrade of pydyf or WeasyPrint: check whether page_references is
    # still rebuilt at each use, then drop pdf_tagging.py or widen its range.
    assert pdf_tagging.applies(), (pydyf.__version__, weasyprint.__version__)
    assert pdf_tagging.is_installed()


def test_pdf_tagging_page_references_are_pydyfs_as_pages_are_added():
    pdf = pydyf.PDF()
    seen = []
    for _ in range(3):
        page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(page)
        seen.append(pdf.page_references)
    numbers = [n for n in pdf.pages["Kids"][::3]]
    assert seen[-1] == tuple(f"{n} 0 R".encode() for n in numbers)
    assert [len(refs) for refs in seen] == [1, 2, 3]


def test_pdf_tagging_keeps_one_list_while_no_page_is_added():
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references is pdf.page_references


def _tagged(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


@pytest.mark.pdf
def test_pdf_tagging_written_pdf_is_the_same_as_without_it(monkeypatch):
    html = "".join(
        f"<h1 id='h{n}'>Rubrik {n}</h1><p>Text {n}</p><a href='#h{n}'>länk</a>"
        '<p style="break-after: page"></p>'
        for n in range(5)
    )
    kept = _tagged(html)
    monkeypatch.setattr(pydyf.PDF, "page_references", pdf_tagging._ORIGINAL)
    rebuilt = _tagged(html)
    assert kept == rebuilt
    reader = PdfReader(io.BytesIO(kept))
    assert len(reader.pages) == 5 and "/StructTreeRoot" in reader.trailer["/Root"]


def test_pdf_tagging_installed_by_the_renderer():
    assert render.pdf_tagging.is_installed()
