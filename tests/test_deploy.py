"""The example service files in deploy/ that docs/operations.md points to."""

import re
import shlex
from pathlib import Path

from django.conf import settings

from tests.readme import OPERATIONS, daily_commands, production_environment

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def unit_commands(name: str) -> list[list[str]]:
    """The manage.py commands a unit's ExecStart lines run, each as its words."""
    text = (DEPLOY / "systemd" / name).read_text()
    commands = []
    for line in re.findall(r"^ExecStart=(.*)$", text, re.MULTILINE):
        shell = shlex.split(line)[-1]  # /bin/sh -c '. env && exec …'
        words = shlex.split(shell.split("&& exec ", 1)[1])
        commands.append(words)
    return commands


def test_operations_doc_links_every_deploy_file_and_each_exists():
    # The links are relative to docs/, so "../deploy/…" names deploy/… in the checkout.
    linked = set(re.findall(r"\]\(\.\./(deploy/[^)]+)\)", OPERATIONS.read_text()))
    shipped = {str(p.relative_to(settings.BASE_DIR)) for p in DEPLOY.rglob("*") if p.is_file()}

    assert linked == shipped


def test_daily_unit_runs_the_documented_daily_commands():
    documented = {tuple(words[1:]) for words in daily_commands()}  # without "python"
    unit = {tuple(words[1:]) for words in unit_commands("trygghetspris-daily.service")}

    assert unit == documented


def test_mail_worker_unit_runs_the_default_queue():
    assert unit_commands("trygghetspris-worker.service") == [
        [".venv/bin/python", "manage.py", "db_worker", "--queue-name", "default"]
    ]


def test_documents_worker_unit_runs_the_documents_queue():
    assert unit_commands("trygghetspris-documents.service") == [
        [".venv/bin/python", "manage.py", "db_worker", "--queue-name", "documents"]
    ]


def test_every_task_queue_has_a_worker_unit(settings):
    queues = {
        words[words.index("--queue-name") + 1]
        for unit in ("trygghetspris-worker.service", "trygghetspris-documents.service")
        for words in unit_commands(unit)
    }
    assert queues == set(settings.TASKS["default"]["QUEUES"])


def test_example_environment_sets_every_documented_production_variable():
    documented = set(production_environment(secret_key="x"))
    example = set(re.findall(r"^export (\w+)=", (DEPLOY / "env.example").read_text(), re.M))

    assert documented <= example
