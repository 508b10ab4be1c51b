"""The fonts of the documents: only those shipped in static/fonts/, and what they cannot draw.

A record must print what the nominator wrote, in whatever script, and look the same on
every machine. So WeasyPrint gets a fontconfig configuration of its own that knows no
font of the machine: only the faces below, which the stylesheet declares with @font-face
from static/fonts/ (deploy/fonts/subset_fonts.py makes the Noto ones). A machine that
gains or loses a font never changes a document.

A character that none of these faces can draw would otherwise vanish from the page and
the text layer alike. mark_missing() puts a visible "[U+XXXX]" in its place before the
layout, and the document says so in a note (render.py).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cffi
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from fontTools.ttLib import TTFont
from weasyprint.text import ffi as weasyprint_ffi
from weasyprint.text.fonts import FontConfiguration

FONTS = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()

ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    weight: str = "normal"
    style: str = "normal"
    # Where set, the face draws only these code points (CSS unicode-range).
    ranges: tuple[tuple[int, int], ...] = ()


# In the order the stylesheet asks for them: the first family that claims a character draws
# it. Arabic comes before DejaVu, which has some Arabic letters but not all that Persian and
# Kurdish use; a word split between two fonts would not join. DejaVu keeps the Latin look.
FACES = (
    Face("TP Arabic", "NotoSansArabic-Regular.ttf", ranges=ARABIC_RANGES),
    Face("TP Arabic", "NotoSansArabic-Bold.ttf", weight="bold", ranges=ARABIC_RANGES),
    Face("TP Sans", "DejaVuSans.ttf"),
    Face("TP Sans", "DejaVuSans-Bold.ttf", weight="bold"),
    Face("TP Sans", "DejaVuSans-Oblique.ttf", style="italic"),
    Face("TP Ethiopic", "NotoSansEthiopic-Regular.ttf"),
    Face("TP Ethiopic", "NotoSansEthiopic-Bold.ttf", weight="bold"),
    Face("TP Thai", "NotoSansThai-Regular.ttf"),
    Face("TP Thai", "NotoSansThai-Bold.ttf", weight="bold"),
    Face("TP Chinese", "NotoSansCJKsc-Regular.otf"),
    Face("TP Emoji", "NotoEmoji-Regular.ttf"),
)
FAMILIES = tuple(dict.fromkeys(face.family for face in FACES))
# Constants only, so safe to print inside the stylesheet unescaped.
FONT_STACK = mark_safe(", ".join(f'"{family}"' for family in FAMILIES))  # noqa: S308


def font_faces(assets: str) -> SafeString:
    """The @font-face rules of every shipped face, read from `assets` (static/'s URL)."""
    rules = []
    for face in FACES:
        ranges = ", ".join(f"U+{first:04X}-{last:04X}" for first, last in face.ranges)
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{assets}/fonts/{face.file}");'
            + (f" unicode-range: {ranges};" if ranges else "")
            + " }"
        )
    # Our own constants and the static/ URL only: no user input reaches this CSS.
    return mark_safe("\n  ".join(rules))  # noqa: S308


def font_files() -> list[Path]:
    return sorted(path for path in FONTS.iterdir() if path.suffix in (".ttf", ".otf"))


@cache
def _cmap(file: str) -> frozenset[int]:
    return frozenset(TTFont(FONTS / file, lazy=True).getBestCmap())


def _claims(face: Face, code: int) -> bool:
    if face.ranges:
        return any(first <= code <= last for first, last in face.ranges)
    return code in _cmap(face.file)


@cache
def can_draw(code: int) -> bool:
    """Whether the face that fontconfig would choose for this code point has a glyph for it.

    As fontconfig chooses: the first family in the stack whose faces claim the code point
    (their unicode-range, or else their glyphs) draws it.
    """
    for family in FAMILIES:
        faces = [face for face in FACES if face.family == family]
        if any(_claims(face, code) for face in faces):
            return any(code in _cmap(face.file) for face in faces)
    return False


def _needs_no_glyph(character: str) -> bool:
    """Controls, format characters (joiners, direction marks) and variation selectors.

    They steer how the characters around them are drawn and have no shape of their own.
    """
    code = ord(character)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return True
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp")


NON_ASCII = re.compile(r"[^\x00-\x7f]")


def marker(character: str) -> str:
    return f"[U+{ord(character):04X}]"


def mark_missing(html: str) -> tuple[str, list[str]]:
    """The HTML with each character no shipped font can draw replaced by "[U+XXXX]".

    Returns the marked HTML and the characters marked, each once, in order of appearance.
    The HTML's markup is ASCII, so only text and attribute values can change.
    """
    missing: dict[str, None] = {}

    def replace(match: re.Match) -> str:
        character = match.group()
        if _needs_no_glyph(character) or can_draw(ord(character)):
            return character
        missing.setdefault(character)
        return marker(character)

    # Only what is beyond ASCII, which DejaVu draws whole: a dossier's HTML runs to megabytes.
    return NON_ASCII.sub(replace, html), list(missing)


def missing_note(missing: list[str]) -> SafeString:
    """The note that says which characters the document shows as markers, and why."""
    return format_html(
        '<p class="missing-glyphs"><strong>Tecken som inte kan visas.</strong> Texten innehåller '
        "tecken som inget av dokumentets typsnitt kan återge. De står som [U+XXXX], tecknets "
        "nummer i Unicode, där de förekommer: {}.</p>",
        format_html_join(", ", "{}", ((marker(c),) for c in missing)),
    )


# fontconfig's FcConfigCreate and FcConfigBuildFonts, which WeasyPrint's bindings leave
# out, from the same library WeasyPrint has loaded.
_ffi = cffi.FFI()
_ffi.cdef(
    "typedef struct _FcConfig FcConfig;"
    "FcConfig *FcConfigCreate(void);"
    "int FcConfigBuildFonts(FcConfig *config);"
)
_fontconfig = _ffi.dlopen("libfontconfig.so.1")


class ShippedFonts(FontConfiguration):
    """WeasyPrint's font configuration, less the machine's fonts.

    It starts from an empty fontconfig configuration instead of the machine's, so the only
    fonts are those the stylesheet's @font-face rules add: the shipped ones.
    """

    def __init__(self) -> None:
        ffi, fontconfig = weasyprint_ffi.ffi, weasyprint_ffi.fontconfig
        created = _fontconfig.FcConfigCreate()
        _fontconfig.FcConfigBuildFonts(created)
        # The same references as FontConfiguration.__init__ takes and gives back.
        self._config = ffi.gc(
            ffi.cast("FcConfig *", int(_ffi.cast("uintptr_t", created))), fontconfig.FcConfigDestroy
        )
        self.font_map = ffi.gc(
            weasyprint_ffi.pangoft2.pango_ft2_font_map_new(), weasyprint_ffi.gobject.g_object_unref
        )
        weasyprint_ffi.pangoft2.pango_fc_font_map_set_config(
            ffi.cast("PangoFcFontMap *", self.font_map), self._config
        )
        fontconfig.FcConfigDestroy(self._config)
        self._folder = None
