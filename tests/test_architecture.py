"""docs/architecture.md is the map of the code: it must name every module, and name
only modules and tests that exist; and modules stay within the bounds it sets."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAP = ROOT / "docs" / "architecture.md"
APPS = ("jury", "nominations")
MAX_MODULE_LINES = 720
MAX_ADMIN_LINES = 600


def modules() -> list[str]:
    """Every Python module of the two apps but the migrations and package markers."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or path.name == "__init__.py":
                continue
            found.append(relative)
    return found


def named_paths() -> set[str]:
    return set(
        re.findall(r"`((?:jury|nominations|tests|trygghetspris)/[\w/]+\.py)", MAP.read_text())
    )


@pytest.mark.parametrize("module", modules())
def test_architecture_map_names_every_module(module):
    assert module in named_paths(), f"docs/architecture.md does not describe {module}"


def test_architecture_map_names_only_files_that_exist():
    missing = sorted(path for path in named_paths() if not (ROOT / path).exists())
    assert missing == []


@pytest.mark.parametrize("module", modules())
def test_module_stays_within_its_bound(module):
    lines = len((ROOT / module).read_text(encoding="utf-8").splitlines())
    bound = MAX_ADMIN_LINES if "/admin/" in module else MAX_MODULE_LINES
    assert lines <= bound, f"{module} has {lines} lines; split it by concern (at most {bound})"
