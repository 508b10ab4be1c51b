"""Make the Noto fonts in static/fonts/ from their published packages, the same every time.

The documents print whatever script a nominator writes in, so the fonts must cover the
languages most spoken in Stockholm; DejaVu (already in static/fonts/) keeps covering the
Latin scripts (Swedish, Finnish, meänkieli, Sami, Polish, Somali, Kurdish in Latin
letters). This script adds, from pinned package versions checked by SHA-256:

- Noto Sans Arabic (Arabic, Persian, Kurdish in Arabic script), Noto Sans Ethiopic
  (Tigrinya, Amharic) and Noto Sans Thai, regular and bold, from Debian's fonts-noto-core;
- Noto Sans CJK SC, regular only, from Debian's fonts-noto-cjk, cut down to the Chinese
  characters of GB 2312 and of Big5's frequent level, with CJK punctuation, kana and the
  full-width forms: the whole font is 19 MB, this part 4 MB;
- Noto Emoji, the monochrome outline font (a colour bitmap font cannot be embedded in
  PDF/A), from the npm package @expo-google-fonts/noto-emoji.

Every font is subset without hinting (PDF needs none) and keeps all its layout features,
so that Arabic joins and Thai and Ethiopic marks sit where they should. A character none of
them has is shown as "[U+XXXX]" in the document (jury/documents/render.py).

Run from the repository root (it takes a few minutes, most of it the CJK font):

    .venv/bin/python deploy/fonts/subset_fonts.py

It fetches the packages with `apt-get download` and `npm pack` into a temporary folder;
`--sources DIR` uses packages already there. The fonts are under the SIL Open Font
License 1.1 (static/fonts/LICENSE-Noto.txt); the subsets are Modified Versions under it and
keep the Noto names, which the licence allows: Noto declares no Reserved Font Name, and
Noto Sans CJK's ("Source") is not in them.
"""

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "static" / "fonts"

# (file name as downloaded, how to download it, its SHA-256)
PACKAGES = {
    "core": (
        "fonts-noto-core_20201225-1_all.deb",
        ["apt-get", "download", "fonts-noto-core=20201225-1"],
        "58f4f0bb6720f919f92096b3508e1412a0f1544424ade6c5b5bf1eb694dd64ba",
    ),
    "cjk": (
        "fonts-noto-cjk_1%3a20220127+repack1-1_all.deb",
        ["apt-get", "download", "fonts-noto-cjk=1:20220127+repack1-1"],
        "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502",
    ),
    "emoji": (
        "expo-google-fonts-noto-emoji-0.4.7.tgz",
        ["npm", "pack", "@expo-google-fonts/noto-emoji@0.4.7"],
        "6a25fd5a4da5bb34bbc2d300531bbf32de86afd866e119314d7e358f61a6104d",
    ),
}


def block(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


# The whole of each script's Unicode blocks: the subset keeps what the font has of them.
ARABIC = (
    block(0x0600, 0x06FF)
    | block(0x0750, 0x077F)
    | block(0x08A0, 0x08FF)
    | block(0xFB50, 0xFDFF)
    | block(0xFE70, 0xFEFF)
)
ETHIOPIC = block(0x1200, 0x139F) | block(0x2D80, 0x2DDF) | block(0xAB00, 0xAB2F)
THAI = block(0x0E00, 0x0E7F)
# Joiners, direction marks and the like that shaping needs inside a run of the script.
SHAPING = block(0x200B, 0x200F) | {0x25CC, 0x00A0, 0x0020}


def _codec_characters(codec: str, leads: range, trails: list[int]) -> set[int]:
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and 0x4E00 <= ord(text) <= 0x9FFF:
                found.add(ord(text))
    return found


def chinese() -> set[int]:
    """The hanzi of GB 2312 (simplified) and of Big5 level 1 (frequent traditional).

    Python's codecs are the character lists, so nothing needs to be downloaded for them.
    """
    simplified = _codec_characters("gb2312", range(0xB0, 0xF8), list(range(0xA1, 0xFF)))
    traditional = _codec_characters(
        "big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    )
    return (
        simplified
        | traditional
        | block(0x3000, 0x303F)  # CJK symbols and punctuation
        | block(0x3040, 0x30FF)  # kana
        | block(0xFF00, 0xFFEF)  # full-width forms
    )


def _fetch(sources: Path) -> None:
    for name, command, digest in PACKAGES.values():
        path = sources / name
        if not path.exists():
            subprocess.run(command, cwd=sources, check=True)
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            sys.exit(f"{name}: SHA-256 {actual}, expected {digest}")


def _extract(sources: Path, work: Path) -> None:
    work.mkdir()
    for key in ("core", "cjk"):
        subprocess.run(
            ["dpkg-deb", "-x", str(sources / PACKAGES[key][0]), str(work / key)], check=True
        )
    with tarfile.open(sources / PACKAGES["emoji"][0]) as archive:
        archive.extractall(work / "emoji", filter="data")


def _subset(source: Path, target: str, unicodes: set[int], *, number: int = 0) -> None:
    # recalcTimestamp=False: no time stamp of the run in the file, so that the same packages
    # give the same bytes; the modified date stays the one the package has.
    font = TTFont(source, fontNumber=number, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(OUT / target, reorderTables=True)
    print(f"{target}: {(OUT / target).stat().st_size} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, help="folder with the downloaded packages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        sources = args.sources or Path(temporary) / "packages"
        sources.mkdir(parents=True, exist_ok=True)
        _fetch(sources)
        work = Path(temporary) / "work"
        _extract(sources, work)
        noto = work / "core" / "usr/share/fonts/truetype/noto"
        for script, unicodes in (("Arabic", ARABIC), ("Ethiopic", ETHIOPIC), ("Thai", THAI)):
            for weight in ("Regular", "Bold"):
                name = f"NotoSans{script}-{weight}.ttf"
                _subset(noto / name, name, unicodes | SHAPING)
        cjk = work / "cjk" / "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
        # Index 2 of the collection is the Simplified Chinese face.
        _subset(cjk, "NotoSansCJKsc-Regular.otf", chinese() | SHAPING, number=2)
        emoji = work / "emoji" / "package/400Regular/NotoEmoji_400Regular.ttf"
        # Every emoji the font has: its cmap is the set.
        _subset(emoji, "NotoEmoji-Regular.ttf", set(TTFont(emoji).getBestCmap()))


if __name__ == "__main__":
    main()
