"""The production section of docs/operations.md, read by the tests that keep it true.

An operator copies the snippet; the tests run what it says rather than a list of
their own, so the documentation and the checked set-up cannot drift apart.
"""

import re
import shlex
from pathlib import Path

from django.conf import settings

OPERATIONS = Path(settings.BASE_DIR) / "docs" / "operations.md"


def _production_blocks() -> list[list[str]]:
    """The shell blocks of the "## Production" section, each as its lines."""
    text = OPERATIONS.read_text(encoding="utf-8")
    section = re.search(r"^## Production\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, "docs/operations.md has no '## Production' section"
    blocks = re.findall(r"^```sh\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    assert len(blocks) == 2, "the production section has a start-up and a daily snippet"
    return [block.splitlines() for block in blocks]


def _words(lines: list[str]) -> list[list[str]]:
    # shlex reads the lines as the shell would, quotes and comments included.
    return [words for line in lines if (words := shlex.split(line, comments=True))]


def production_environment(*, secret_key: str) -> dict[str, str]:
    """The start-up snippet's `export NAME=value` lines.

    SECRET_KEY is read from a file on the server (a shell expansion); the test
    supplies one of its own. Any other expansion is refused, so a new one cannot
    slip past the tests unseen.
    """
    environment = {}
    for words in _words(_production_blocks()[0]):
        if words[0] != "export":
            continue
        name, _, value = words[1].partition("=")
        if name == "SECRET_KEY":
            value = secret_key
        assert "$" not in value, f"the test cannot supply {name}={value} from the snippet"
        environment[name] = value
    return environment


def production_commands() -> list[list[str]]:
    """The start-up snippet's commands, in order, each as its words."""
    return [words for words in _words(_production_blocks()[0]) if words[0] != "export"]


def daily_commands() -> list[list[str]]:
    return _words(_production_blocks()[1])
