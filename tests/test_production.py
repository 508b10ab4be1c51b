"""Production as docs/operations.md says: build the static files, start gunicorn, serve.

The commands and the environment come from its production snippet (tests/readme.py),
so what an operator copies is what runs here.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from tests.readme import daily_commands, production_commands, production_environment

# A production-like key of the test's own: the snippet reads the real one from a file.
SECRET_KEY = "k7Qw9-production-like-secret-with-plenty-of-entropy-0123456789abcdef"
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


def listening_socket() -> socket.socket:
    """A socket bound to a port the system picks, for gunicorn to take over (fd://).

    Probing for a free port and letting gunicorn bind it later leaves a moment in which
    another test worker (pytest -n) can take the port; a socket bound here has none.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


def bind_option(listener: socket.socket) -> str:
    return f"fd://{listener.fileno()}"


def environment(tmp_path: Path) -> dict[str, str]:
    """The snippet's environment, made to run anywhere the tests run.

    Only the services change: a SQLite file stands in for the PostgreSQL server and
    the per-process cache for Redis, which CI machines need not have. STATIC_ROOT is
    a temporary directory, so a stale build in the checkout cannot hide a broken one.
    """
    # Without the browser tests' async switch, and without a DEBUG from the shell.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **production_environment(secret_key=SECRET_KEY)}
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = "sqlite://" + str(tmp_path / "db.sqlite3")
    env["STATIC_ROOT"] = str(tmp_path / "static")
    env["DEBUG"] = "false"
    return env


def executable(words: list[str]) -> list[str]:
    """The snippet's `python` and `gunicorn` are the virtual environment's."""
    if words[0] == "python":
        return [sys.executable, *words[1:]]
    if words[0] == "gunicorn":
        return [sys.executable, "-m", "gunicorn", *words[1:]]
    raise AssertionError(f"the production snippet runs {words[0]!r}; teach this test to run it")


def with_option(words: list[str], option: str, value: str) -> list[str]:
    if option not in words:
        return [*words, option, value]
    index = words.index(option)
    return [*words[: index + 1], value, *words[index + 2 :]]


def get(port: int, path: str, host: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    # As the HTTPS proxy forwards it: the public host name, and that the request came over HTTPS.
    connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> None:
    """Until gunicorn answers HTTP on the port.

    The socket is the test's own (listening_socket), so it takes connections before
    gunicorn has even started; only an answer says that gunicorn and the application are
    up. A minute, for a machine busy with the other test workers.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped:\n" + log.read_text()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("HEAD", "/", headers={"Host": "127.0.0.1"})
            connection.getresponse()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError("gunicorn did not answer within 60 s:\n" + log.read_text())


def test_production_build_serves_the_home_page_and_its_static_files(tmp_path):
    env = environment(tmp_path)
    *preparation, server_command = production_commands()
    assert server_command[0] == "gunicorn", "the snippet ends by starting gunicorn"
    for words in preparation:  # migrate, then collectstatic with STATIC_MANIFEST=true
        result = subprocess.run(
            executable(words),
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{' '.join(words)}:\n{result.stdout}{result.stderr}"
    assert (tmp_path / "static" / "staticfiles.json").exists()

    listener = listening_socket()
    port = listener.getsockname()[1]
    # A free port instead of 8000, and one worker: two cores are shared with other tests.
    server_words = with_option(server_command, "--bind", bind_option(listener))
    server_words = with_option(server_words, "--workers", "1")
    log = tmp_path / "gunicorn.log"
    with listener, log.open("w") as log_file:
        server = subprocess.Popen(
            executable(server_words),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    try:
        wait_until_serving(server, port, log)
        host = env["ALLOWED_HOSTS"].split(",")[0]
        page, body = get(port, "/priser/trygghetspriset/", host)
        html = body.decode()
        assert page.status == 200, html + log.read_text()
        # The seeded prize year, in Swedish, from the database the snippet's migrate made.
        assert "Stärkt samverkan för ökad trygghet" in html
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")

        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        assert "/static/vendor/bootstrap/bootstrap.min.css" not in assets
        assert any(a.startswith("/static/vendor/bootstrap/bootstrap.min.") for a in assets)
        for asset in assets:
            response, content = get(port, asset, host)
            assert (asset, response.status) == (asset, 200)
            assert HASHED.search(asset), f"{asset} is not the manifest's hashed name"
            assert "immutable" in response.headers["Cache-Control"]
            assert content
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_documented_daily_commands_are_management_commands():
    commands = daily_commands()
    names = {words[2] for words in commands if words[:2] == ["python", "manage.py"]}
    assert len(names) == len(commands)
    assert names == {
        "prune_db_task_results",
        "remove_nominator_contacts",
        "remove_attachments",
        "remove_pending_uploads",
        "send_jury_reminders",
    }
    assert names <= set(get_commands())
