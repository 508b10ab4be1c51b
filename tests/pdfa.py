"""The checks of PDF/A (ISO 19005-2 and -3) that can be made without a validator.

No PDF/A validator installs from the registries the project uses (veraPDF is Java), so every
test that makes a document calls assert_archival() on it. It checks, with pypdf and
fontTools, what an archive's validator would refuse the file for most often:

- identification: XMP metadata with pdfaid:part and pdfaid:conformance, and the document
  information (title, author, creation date) saying the same as the XMP;
- an output intent (GTS_PDFA1) with an embedded ICC profile;
- every font embedded, and every character of the text layer drawn by a glyph of an
  embedded font (a character mapped to no glyph, or to an empty one, is a silent gap);
- no image with /Interpolate true, /Alternates or /OPI;
- no transparency PDF/A-2 forbids: only the standard blend modes, no transfer functions,
  and a page drawing with transparency has a colour space (/Group /CS) unless the output
  intent gives it;
- no JavaScript, no Launch, ImportData, ResetForm and other forbidden actions, no external
  references (another file, external stream data, a file specification that is not
  embedded); /URI links are allowed;
- tagged (/MarkInfo /Marked true and a /StructTreeRoot) and with /Lang;
- PDF/A-3 only where the file carries embedded files, each with its /AFRelationship and
  listed in the catalogue's /AF; PDF/A-2 carries none.

It is not a validator: it is the part of one that catches what our documents could get
wrong.
"""

import re
from datetime import UTC, datetime
from io import BytesIO

from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

# ISO 32000-1, 11.3.5: the blend modes a PDF/A-2 file may use.
STANDARD_BLEND_MODES = {
    "/Normal",
    "/Compatible",
    "/Multiply",
    "/Screen",
    "/Overlay",
    "/Darken",
    "/Lighten",
    "/ColorDodge",
    "/ColorBurn",
    "/HardLight",
    "/SoftLight",
    "/Difference",
    "/Exclusion",
    "/Hue",
    "/Saturation",
    "/Color",
    "/Luminosity",
}
# ISO 19005-2, 6.6.1: actions a PDF/A file may not contain. (/URI, /GoTo, /GoToE, /Named
# with the standard names, /SubmitForm and the like are allowed or checked elsewhere.)
FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
}
# Actions that reach outside the file.
EXTERNAL_ACTIONS = {"/GoToR", "/SubmitForm", "/Thread"}


def assert_archival(
    pdf_bytes: bytes, *, part: int = 2, conformance: str = "B", lang: str = "sv"
) -> None:
    """Fail with every problem found if the file is not what PDF/A-`part``conformance` asks.

    PDF/A-3 is accepted for part=2 where the file carries embedded files: PDF/A-2 cannot.
    """
    problems = archival_problems(pdf_bytes, part=part, conformance=conformance, lang=lang)
    assert not problems, "Not archival PDF/A:\n- " + "\n- ".join(problems)


def archival_problems(
    pdf_bytes: bytes, *, part: int = 2, conformance: str = "B", lang: str = "sv"
) -> list[str]:
    reader = PdfReader(BytesIO(pdf_bytes))
    if reader.is_encrypted:
        return ["the file is encrypted"]
    objects = list(_all_objects(reader))
    return [
        *_identification(reader, objects, part=part, conformance=conformance),
        *_output_intent(reader),
        *_fonts(reader, objects),
        *_images(objects),
        *_transparency(reader, objects),
        *_actions_and_references(reader, objects),
        *_tagging(reader, lang=lang),
    ]


def _get(item, key: str, default=None):
    """item[key] resolved, or default: pypdf's dict.get leaves references unresolved."""
    value = item.get(key, default) if item is not None else default
    return value.get_object() if isinstance(value, IndirectObject) else value


def _all_objects(reader: PdfReader):
    """Every dictionary and stream reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    pending = [reader.trailer]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            pending.append(item.get_object())
        elif isinstance(item, DictionaryObject):  # streams included
            yield item
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _embedded_files(objects) -> list[DictionaryObject]:
    return [o for o in objects if _get(o, "/Type") == "/Filespec" and "/EF" in o]


def _identification(reader, objects, *, part: int, conformance: str) -> list[str]:
    xmp = reader.xmp_metadata
    if xmp is None:
        return ["no XMP metadata in the catalogue"]
    problems = []
    claimed = (xmp.pdfaid_part, xmp.pdfaid_conformance)
    embedded = _embedded_files(objects)
    allowed = {(str(part), conformance)}
    if embedded and part == 2:
        allowed = {("3", conformance)}
    if claimed not in allowed:
        problems.append(
            f"XMP identifies PDF/A-{claimed[0]}{claimed[1]}, expected "
            + " or ".join(f"PDF/A-{p}{c}" for p, c in allowed)
            + (" (the file carries embedded files)" if embedded else "")
        )
    if claimed[0] == "3" and not embedded:
        problems.append("PDF/A-3 without an embedded file: it should be PDF/A-2")
    root_af = [f.get_object() for f in _get(reader.trailer["/Root"], "/AF", [])]
    for spec in embedded:
        name = _get(spec, "/UF", _get(spec, "/F"))
        if "/AFRelationship" not in spec:
            problems.append(f"embedded file {name} has no /AFRelationship")
        if spec not in root_af:
            problems.append(f"embedded file {name} is not associated through /AF")
        stream = _get(spec["/EF"], "/F")
        if stream is None or "/Subtype" not in stream.get_object():
            problems.append(f"embedded file {name} has no MIME type (/Subtype)")
    info = reader.metadata or {}
    title = (xmp.dc_title or {}).get("x-default")
    if _get(info, "/Title") != title:
        problems.append(f"Info /Title {_get(info, '/Title')!r} differs from dc:title {title!r}")
    creators = xmp.dc_creator or []
    if "/Author" in info and [info["/Author"]] != creators:
        problems.append(f"Info /Author {info['/Author']!r} differs from dc:creator {creators!r}")
    if "/CreationDate" in info:
        created = reader.metadata.creation_date
        if xmp.xmp_create_date is None or not _same_instant(created, xmp.xmp_create_date):
            problems.append("Info /CreationDate differs from xmp:CreateDate")
    return problems


def _same_instant(one: datetime | None, other: datetime) -> bool:
    """pypdf gives xmp:CreateDate as a naive UTC time, Info's date with its offset."""
    if one is None:
        return False
    if one.tzinfo is None or other.tzinfo is None:
        one = one.astimezone(UTC).replace(tzinfo=None) if one.tzinfo else one
        other = other.astimezone(UTC).replace(tzinfo=None) if other.tzinfo else other
    return one == other


def _output_intent(reader) -> list[str]:
    for intent in _get(reader.trailer["/Root"], "/OutputIntents", []):
        intent = intent.get_object()
        profile = _get(intent, "/DestOutputProfile")
        if _get(intent, "/S") == "/GTS_PDFA1" and profile is not None:
            if profile.get_object().get_data()[36:40] == b"acsp":
                return []
            return ["the output intent's profile is not an ICC profile"]
    return ["no PDF/A output intent with an embedded ICC profile"]


def _fonts(reader, objects) -> list[str]:
    problems = []
    covered: set[str] = set()
    for font in (o for o in objects if _get(o, "/Type") == "/Font"):
        subtype = _get(font, "/Subtype")
        if subtype == "/Type3":
            continue  # glyphs drawn by content streams inside the file
        if subtype == "/Type0":
            descendant = font["/DescendantFonts"][0].get_object()
        else:
            descendant = font
        descriptor = _get(descendant, "/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        files = [
            descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor
        ]
        if not files:
            problems.append(f"font {_get(font, '/BaseFont')} is not embedded")
            continue
        if subtype == "/Type0" and "/ToUnicode" in font:
            covered |= _drawn_characters(font, descendant, files[0].get_object())
    text = "".join(page.extract_text() for page in reader.pages)
    gaps = sorted({c for c in text if not c.isspace() and c not in covered})
    if gaps:
        shown = ", ".join(f"U+{ord(c):04X}" for c in gaps[:20])
        problems.append(f"text with no glyph of an embedded font behind it: {shown}")
    return problems


def _drawn_characters(font, descendant, program) -> set[str]:
    """The characters the font's ToUnicode gives for glyphs with an outline in its program."""
    try:
        embedded = TTFont(BytesIO(program.get_data()))
    except Exception:  # a bare CFF or Type 1 program: trust the ToUnicode map
        embedded = None
    mapping = _to_unicode(font["/ToUnicode"].get_object().get_data())
    cid_to_gid = _get(descendant, "/CIDToGIDMap", "/Identity")
    gid_of = None
    if isinstance(cid_to_gid, StreamObject | IndirectObject):
        table = cid_to_gid.get_object().get_data()
        gid_of = {i // 2: int.from_bytes(table[i : i + 2], "big") for i in range(0, len(table), 2)}
    drawn = set()
    order = embedded.getGlyphOrder() if embedded else []
    glyphs = embedded.getGlyphSet() if embedded else None
    for cid, characters in mapping.items():
        gid = gid_of.get(cid, 0) if gid_of is not None else cid
        if embedded is not None:
            if gid == 0 or gid >= len(order):
                continue
            pen = ControlBoundsPen(glyphs)
            glyphs[order[gid]].draw(pen)
            if pen.bounds is None:
                continue
        drawn.update(characters)
    return drawn


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries, as CID to text."""
    text = cmap.decode("latin-1")
    mapping: dict[int, str] = {}

    def utf16(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be", errors="replace")

    for section in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", section):
            mapping[int(source, 16)] = utf16(target)
    for section in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for first, last, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", section
        ):
            first, last = int(first, 16), int(last, 16)
            if target.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9a-fA-F]+)>", target)):
                    mapping[first + offset] = utf16(item)
            else:
                start = int(target[1:-1], 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(start + offset)
    return mapping


def _images(objects) -> list[str]:
    problems = []
    for image in (o for o in objects if _get(o, "/Subtype") == "/Image"):
        if _get(image, "/Interpolate") in (True,):
            problems.append("an image has /Interpolate true (ISO 19005-2, 6.2.8)")
        for key in ("/Alternates", "/OPI"):
            if key in image:
                problems.append(f"an image has {key}")
    return problems


def _uses_transparency(page) -> bool:
    resources = _get(page, "/Resources", {})
    for state in _get(resources, "/ExtGState", {}).values():
        state = state.get_object()
        if _get(state, "/BM", "/Normal") not in ("/Normal", "/Compatible"):
            return True
        if _get(state, "/SMask", "/None") != "/None":
            return True
        if float(_get(state, "/CA", 1)) < 1 or float(_get(state, "/ca", 1)) < 1:
            return True
    for xobject in _get(resources, "/XObject", {}).values():
        xobject = xobject.get_object()
        if "/SMask" in xobject or _get(_get(xobject, "/Group") or {}, "/S") == "/Transparency":
            return True
    return False


def _transparency(reader, objects) -> list[str]:
    problems = []
    for state in objects:
        blend = _get(state, "/BM")
        modes = blend if isinstance(blend, ArrayObject) else [blend] if blend else []
        for mode in modes:
            if mode not in STANDARD_BLEND_MODES:
                problems.append(f"blend mode {mode} is not one PDF/A-2 allows")
        if "/TR" in state:
            problems.append("a graphics state has a transfer function (/TR)")
        if _get(state, "/TR2", "/Default") != "/Default":
            problems.append("a graphics state has a transfer function (/TR2)")
    if not _get(reader.trailer["/Root"], "/OutputIntents"):
        for number, page in enumerate(reader.pages, start=1):
            group = _get(page, "/Group")
            if _uses_transparency(page) and (group is None or "/CS" not in group):
                problems.append(f"page {number} draws with transparency but has no /Group /CS")
    return problems


def _actions_and_references(reader, objects) -> list[str]:
    problems = []
    root = reader.trailer["/Root"]
    if "/JavaScript" in _get(root, "/Names", {}):
        problems.append("the catalogue names JavaScript")
    if "/AA" in root:
        problems.append("the catalogue has additional actions (/AA)")
    for page in reader.pages:
        if "/AA" in page:
            problems.append("a page has additional actions (/AA)")
            break
    for item in objects:
        action = _get(item, "/S")
        if action in FORBIDDEN_ACTIONS or "/JS" in item:
            problems.append(f"a {action or 'JavaScript'} action")
        if action in EXTERNAL_ACTIONS:
            problems.append(f"a {action} action, reaching outside the file")
        if isinstance(item, StreamObject) and "/F" in item and "/Length" in item:
            problems.append("a stream with its data in an external file (/F)")
        if _get(item, "/Type") == "/Filespec" and "/EF" not in item:
            problems.append(f"a reference to the external file {_get(item, '/F')}")
        if _get(item, "/Subtype") in ("/PS",) or _get(item, "/Subtype2") == "/PS":
            problems.append("a PostScript XObject")
        if _get(item, "/Subtype") == "/Form" and "/Ref" in item:
            problems.append("a reference XObject (/Ref), drawing another file")
    return problems


def _tagging(reader, *, lang: str) -> list[str]:
    root = reader.trailer["/Root"]
    problems = []
    if _get(_get(root, "/MarkInfo") or {}, "/Marked") not in (True,):
        problems.append("not marked as tagged (/MarkInfo /Marked true)")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot)")
    if _get(root, "/Lang") != lang:
        problems.append(f"/Lang is {_get(root, '/Lang')!r}, expected {lang!r}")
    return problems
