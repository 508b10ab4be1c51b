"""Two gunicorns, one PostgreSQL, one Redis: several machines as docs/operations.md lays out.

Each test run makes a PostgreSQL database of its own (dropped at the end) and a Redis key
prefix of its own (its keys deleted at the end), starts two gunicorns on free ports
against them, and checks that nothing a request needs lives in one process: a login made
through one server holds on the other, and the nomination rate limit counts nominations
sent to either. Skipped when the machine has no PostgreSQL or Redis at 127.0.0.1.
"""

import http.client
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django_otp.oath import totp

from tests.factories import YEAR, nomination_post_data
from tests.test_production import bind_option, listening_socket, wait_until_serving

psycopg = pytest.importorskip("psycopg")
redis = pytest.importorskip("redis")

SERVER = "host=127.0.0.1 port=5432 user=postgres connect_timeout=3"
REDIS_URL = "redis://127.0.0.1:6379/0"
RATE_LIMIT = 3
PASSWORD = "correct horse battery"
SECRET_KEY = "scale-out-test-key-shared-by-both-servers-0123456789abcdefghijklmnop"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Runs in the servers' database through manage.py: an open window and an appointed juror
# with a confirmed authenticator whose key the test knows.
SET_UP = """
from datetime import timedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import make_juror, make_prize_year
now = timezone.now()
year = make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
juror = make_juror(year, "skalning")
TOTPDevice.objects.create(user=juror, name="phone", confirmed=True, key="{key}")
"""


def services_or_skip() -> None:
    try:
        psycopg.connect(SERVER + " dbname=postgres").close()
    except psycopg.Error as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 for user postgres ({error})")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")


def administer(statement: str) -> None:
    with psycopg.connect(SERVER + " dbname=postgres", autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two gunicorns on one database and one Redis; yields their base URLs and more."""
    services_or_skip()

    tmp = tmp_path_factory.mktemp("scale")
    suffix = secrets.token_hex(4)
    database = f"trygghetspris_scale_{suffix}"
    prefix = f"trygghetspris-scale-{suffix}"
    key = secrets.token_hex(20)
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "NOMINATION_RATE_LIMIT": str(RATE_LIMIT),
        "LOG_LEVEL": "WARNING",
    }
    administer(f'CREATE DATABASE "{database}"')
    servers: list[subprocess.Popen] = []
    try:
        for command in (["migrate", "--noinput"], ["shell", "-c", SET_UP.format(key=key)]):
            done = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stdout + done.stderr
        urls = []
        for name in ("a", "b"):
            listener = listening_socket()
            port = listener.getsockname()[1]
            log = tmp / f"gunicorn-{name}.log"
            with listener, log.open("w") as log_file:
                server = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "trygghetspris.wsgi"]
                    + ["--bind", bind_option(listener), "--workers", "1"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    pass_fds=[listener.fileno()],
                )
            servers.append(server)
            wait_until_serving(server, port, log)
            urls.append(f"http://127.0.0.1:{port}")
        yield {"a": urls[0], "b": urls[1], "database": database, "key": bytes.fromhex(key)}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        administer(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shared = redis.Redis.from_url(REDIS_URL)
        for cache_key in shared.scan_iter(match=f"{prefix}:*"):
            shared.delete(cache_key)


class Browser:
    """Just enough of a browser: keeps cookies, follows no redirect."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})

    def request(self, method: str, url: str, data: dict | None = None):
        parts = urlsplit(url)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request(method, parts.path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str):
        return self.request("GET", url)

    def post(self, url: str, data: dict):
        return self.request("POST", url, data)


def csrf_token(browser: Browser, url: str) -> str:
    page = browser.get(url)
    assert page.status == 200, page.text
    return CSRF_TOKEN.search(page.text).group(1)


def log_in(browser: Browser, base: str, key: bytes) -> None:
    """Both steps of the jury's login, through the real pages."""
    login = base + "/jury/logga-in/"
    token = csrf_token(browser, login)
    answer = browser.post(
        login, {"username": "skalning", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert answer.status == 302, answer.text
    code_page = base + answer.headers["Location"]
    token = csrf_token(browser, code_page)
    # The code the juror's app shows now (tests/browser/jury_login.py).
    answer = browser.post(code_page, {"token": f"{totp(key):06d}", "csrfmiddlewaretoken": token})
    assert answer.status == 302, answer.text


def test_login_on_one_server_is_valid_on_the_other(cluster):
    on_a = Browser()
    log_in(on_a, cluster["a"], cluster["key"])
    on_b = Browser(cookies=on_a.cookies)

    page = on_b.get(f"{cluster['b']}/jury/trygghetspriset/{YEAR}/")
    stranger = Browser().get(f"{cluster['b']}/jury/trygghetspriset/{YEAR}/")

    assert page.status == 200, page.text
    assert "Skalning Jurysson" in page.text
    assert stranger.status == 302


def test_nomination_rate_limit_counts_across_both_servers(cluster):
    statuses = []
    for number in range(RATE_LIMIT + 1):
        base = cluster["a"] if number % 2 == 0 else cluster["b"]
        browser = Browser()
        data = nomination_post_data(effort_name=f"Insats {number}")
        data["csrfmiddlewaretoken"] = csrf_token(
            browser, base + "/priser/trygghetspriset/nominera/"
        )
        statuses.append(browser.post(base + "/priser/trygghetspriset/nominera/", data).status)

    with psycopg.connect(SERVER + f" dbname={cluster['database']}") as connection:
        stored = connection.execute("SELECT count(*) FROM nominations_nomination").fetchone()[0]
    assert statuses == [302] * RATE_LIMIT + [429]
    assert stored == RATE_LIMIT
