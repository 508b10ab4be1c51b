"""The backup and restore of docs/operations.md: pg_dump -Fc of a decided year, pg_restore
into a fresh database, and the same decision of record and the same dossier from the copy.

Runs against the machine's PostgreSQL in two databases of its own (dropped at the end),
through manage.py in subprocesses, whatever database the other tests use. Skipped when
there is no PostgreSQL at 127.0.0.1 or no pg_dump and pg_restore.
"""

import hashlib
import os
import secrets
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

from tests.pdfa import assert_archival

psycopg = pytest.importorskip("psycopg")

# The documents are rendered in the manage.py subprocesses, where tests/conftest.py cannot
# count them, so the marker is set here by hand.
pytestmark = pytest.mark.pdf

SERVER = "host=127.0.0.1 port=5432 user=postgres connect_timeout=3"

# A decided year whose decision the chair and the justerare have checked, so its PDF is
# rendered once and stored (jury/record.py).
DECIDE = """
from jury import justering
from jury.models import JuryMembership
from tests.factories import make_decision, make_eligible_nomination, make_juror, make_prize_year
year = make_prize_year(case_number="SN 2030/0417")
chair = make_juror(year, "chair", role="chair")
juror = make_juror(year, "juror")
winner = make_eligible_nomination(year, effort_name="Nattvandring i Årsta").effort
make_eligible_nomination(year, effort_name="Trygga stråk i Tensta")
decision = make_decision(year, votes={chair: winner, juror: winner}, with_basis=True)
decision = justering.name_justerare(decision=decision, justerare=juror, by=chair)
justering.mark_checked(decision=decision, membership=JuryMembership.objects.get(user=chair))
justering.mark_checked(decision=decision, membership=JuryMembership.objects.get(user=juror))
"""

# What a download serves from a database: the decision's bytes and recorded SHA-256, and
# the text of a dossier rendered from it now.
READ = """
from io import BytesIO
from pathlib import Path
from pypdf import PdfReader
from jury import justering
from jury.documents import render
from jury.models import Decision
out = Path({out!r})
out.mkdir()
decision = Decision.objects.select_related("prize_year").get(prize_year__year=2030)
(out / "decision.pdf").write_bytes(justering.decision_document(decision=decision))
(out / "decision.sha256").write_text(decision.document_sha256)
dossier = PdfReader(BytesIO(render.dossier_pdf(prize_year=decision.prize_year)))
pages = [" ".join(page.extract_text().split()) for page in dossier.pages]
(out / "dossier.txt").write_text("\\n".join(pages))
"""


def services_or_skip() -> None:
    try:
        psycopg.connect(SERVER + " dbname=postgres").close()
    except psycopg.Error as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 for user postgres ({error})")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"no {tool} (Debian's postgresql-client)")


def administer(statement: str) -> None:
    with psycopg.connect(SERVER + " dbname=postgres", autocommit=True) as connection:
        connection.execute(statement)


def url(database: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{database}"


def run(command: list[str], database: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    if database:
        env["DATABASE_URL"] = url(database)
    env["LOG_LEVEL"] = "WARNING"
    done = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{' '.join(command[:3])}:\n{done.stdout}{done.stderr}"
    return done.stdout


def manage(database: str, *words: str) -> str:
    return run([sys.executable, "manage.py", *words], database)


@pytest.fixture(scope="module")
def restored(tmp_path_factory):
    """The source database and its restored copy, each read as a download would."""
    services_or_skip()
    tmp = tmp_path_factory.mktemp("backup")
    suffix = secrets.token_hex(4)
    source, copy = f"trygghetspris_backup_{suffix}", f"trygghetspris_restored_{suffix}"
    administer(f'CREATE DATABASE "{source}"')
    try:
        manage(source, "migrate", "--noinput")
        manage(source, "shell", "-c", DECIDE)
        dump = tmp / "trygghetspris.dump"
        # The commands of docs/operations.md, "Backups".
        run(["pg_dump", "-Fc", "--no-owner", "-d", url(source), "-f", str(dump)])
        administer(f'CREATE DATABASE "{copy}"')
        run(["pg_restore", "--no-owner", "-d", url(copy), str(dump)])
        manage(source, "shell", "-c", READ.format(out=str(tmp / "source")))
        manage(copy, "shell", "-c", READ.format(out=str(tmp / "copy")))
        yield {"source": tmp / "source", "copy": tmp / "copy", "database": copy}
    finally:
        for database in (source, copy):
            administer(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_restored_dump_serves_the_same_decision_pdf_byte_for_byte(restored):
    copy = (restored["copy"] / "decision.pdf").read_bytes()

    assert copy == (restored["source"] / "decision.pdf").read_bytes()
    assert_archival(copy)
    assert hashlib.sha256(copy).hexdigest() == (restored["copy"] / "decision.sha256").read_text()


def test_restored_dump_renders_the_same_dossier(restored):
    copy = (restored["copy"] / "dossier.txt").read_text()

    assert copy == (restored["source"] / "dossier.txt").read_text()
    assert "Nattvandring i Årsta" in copy
    assert "Trygga stråk i Tensta" in copy


def test_restored_dump_has_every_migration_applied(restored):
    plan = manage(restored["database"], "showmigrations", "--plan").splitlines()

    assert plan
    assert [line for line in plan if not line.startswith("[X]")] == []
