"""Performance benchmarks, measured against the real stack: gunicorn and PostgreSQL.

    .venv/bin/python bench/run.py [http|queries|burst|all]

http     requests per second of the home page and the form (GET), each as a ratio to a
         bare Django view, and of a nomination (POST) as a ratio to a bare write of the
         same rows (bench/urls.py), all served by the same gunicorn in interleaved
         rounds of one run (load from wrk, Debian's package `wrk`; BENCH_ROUNDS,
         BENCH_SECONDS)
queries  SQL queries per page for the jury's dashboard and ranking, at 10, 100 and 1,000
         nominations with 9 jurors who have scored everything
burst    500 nominations sent in the last minute before closing: every one must be stored,
         and a nomination after the closing instant refused

It uses its own database (BENCH_DATABASE_URL, by default trygghetspris_bench on the local
PostgreSQL), which it drops and creates; it never touches other data.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghetspris_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "PYTHONPATH": str(ROOT),
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    # One address sends everything here, so the spam limit must not count.
    "NOMINATION_RATE_LIMIT": "100000000",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}
FORM = {
    "effort_name": "Trygga stråk i Tensta",
    "description": "Stadsdelsförvaltningen, polisen och föreningar gör gångstråken tryggare "
    "med belysning och vandringar.",
    "organisation_1": "Spånga-Tensta stadsdelsförvaltning",
    "organisation_2": "Polisen",
    "organisation_3": "Tensta IF",
    "added_value": "Insatsen går utöver ordinarie verksamhet: aktörerna har utvecklat en "
    "gemensam metod för trygghetsvandringar som inte fanns tidigare.",
    "innovation": "Unga kartlägger själva otrygga platser.",
    "inspiration": "Metoden är beskriven så att andra kan använda den.",
    "results": "Fler känner sig trygga på kvällen.",
    "district": "spanga-tensta",
    "nominator_name": "Bänk Märksson",
    "nominator_email": "bench@example.se",
}


def django_shell(code: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def fresh_database() -> None:
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=ENV, check=True)


def open_year(closes_in_seconds: int) -> None:
    django_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from nominations.models import PrizeYear; "
        "from nominations.orientation import copy_orientation; now = timezone.now(); "
        "from nominations.prizes import legacy_prize; "
        "year, created = PrizeYear.objects.get_or_create(prize=legacy_prize(), year=2099, "
        "defaults=dict(theme='Benchmark')); "
        # A new year starts with 2023's criteria, copied before its window opens.
        "created and copy_orientation(source=PrizeYear.objects.get(year=2023), target=year); "
        "PrizeYear.objects.filter(pk=year.pk).update(opens_at=now - timedelta(days=1), "
        f"closes_at=now + timedelta(seconds={closes_in_seconds}))"
    )


class Gunicorn:
    def __init__(self, workers: int) -> None:
        self.workers = workers

    def __enter__(self) -> "Gunicorn":
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "trygghetspris.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and a form token that go with it, as a browser would hold them."""
    response = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/nominera/")
    cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    return cookie, token.group(1)


def nomination_body(token: str) -> str:
    return urllib.parse.urlencode({**FORM, "csrfmiddlewaretoken": token})


def wrk(path: str, script: Path | None = None) -> float:
    command = ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{path}: {non_2xx.group(1)} failed responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


# Each endpoint, and the yardstick it is compared with (None: it is a yardstick).
ENDPOINTS = {
    "bare view": ("/bench/bare/", False, None),
    "bare write (POST)": ("/bench/bare-write/", True, None),
    # The list of prizes; the call of one prize is what the home page was before.
    "front page (GET /)": ("/", False, "bare view"),
    "home page (GET /priser/trygghetspriset/)": ("/priser/trygghetspriset/", False, "bare view"),
    "nomination form (GET /priser/trygghetspriset/nominera/)": (
        "/priser/trygghetspriset/nominera/",
        False,
        "bare view",
    ),
    "nomination (POST /priser/trygghetspriset/nominera/)": (
        "/priser/trygghetspriset/nominera/",
        True,
        "bare write (POST)",
    ),
}
# Rounds through every endpoint in turn: the machine is shared, so a neighbour's load
# falls on all endpoints of a round alike and the ratios stay comparable.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def bench_http() -> dict:
    if not shutil.which("wrk"):
        sys.exit("The HTTP benchmark needs wrk: apt-get install wrk")
    fresh_database()
    open_year(closes_in_seconds=3600)
    runs: dict[str, list[float]] = {name: [] for name in ENDPOINTS}
    with Gunicorn(workers=2):
        cookie, token = csrf_pair()
        script = ROOT / "bench" / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = {json.dumps(nomination_body(token))}\n"
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.headers["Cookie"] = "csrftoken={cookie}"\n'
        )
        try:
            for _round in range(ROUNDS):
                for name, (path, post, _yardstick) in ENDPOINTS.items():
                    runs[name].append(wrk(path, script if post else None))
        finally:
            script.unlink()
        stored = django_shell(
            "from nominations.models import Nomination; "
            "print(Nomination.objects.filter(reference__regex=r'^TP2099-').count())"
        )
    results = {name: statistics.median(rates) for name, rates in runs.items()}
    print(
        f"\nHTTP, gunicorn 2 workers, wrk 2 threads × 8 connections × {SECONDS} s, "
        f"{ROUNDS} interleaved rounds (median), PostgreSQL"
    )
    print(f"{'endpoint':<36} {'req/s':>8}   ratio (median of the rounds' ratios)")
    for name, (_path, _post, yardstick) in ENDPOINTS.items():
        line = f"{name:<36} {results[name]:>8.0f}"
        if yardstick:
            ratios = [a / b for a, b in zip(runs[name], runs[yardstick], strict=True)]
            line += f"   × {yardstick}: {statistics.median(ratios):.2f}"
            line += f" (rounds {', '.join(f'{r:.2f}' for r in ratios)})"
        print(line)
    print(f"nominations and bare writes stored during the run: {stored}")
    return results


def bench_queries() -> dict:
    fresh_database()
    code = (ROOT / "bench" / "queries_snippet.py").read_text()
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0"],
        input=code,
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print("\nSQL queries per page, 9 jurors who have scored every eligible effort")
    print(output.strip())
    return {}


def post_nomination(token: str, cookie: str) -> int:
    connection = HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request(
        "POST",
        "/priser/trygghetspriset/nominera/",
        body=nomination_body(token),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def bench_burst(total: int = 500, threads: int = 25) -> dict:
    fresh_database()
    with Gunicorn(workers=4):
        open_year(closes_in_seconds=60)
        started = time.monotonic()
        cookie, token = csrf_pair()
        statuses: list[int] = []
        lock = threading.Lock()
        per_thread = total // threads

        def send() -> None:
            for _ in range(per_thread):
                status = post_nomination(token, cookie)
                with lock:
                    statuses.append(status)

        workers = [threading.Thread(target=send) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.monotonic() - started
        # Past the closing instant the form must refuse.
        time.sleep(max(0.0, 61 - (time.monotonic() - started)))
        late = post_nomination(token, cookie)
    stored = int(
        django_shell("from nominations.models import Nomination; print(Nomination.objects.count())")
    )
    accepted = statuses.count(302)
    print(f"\nBurst: {total} nominations from {threads} clients in the last minute before closing")
    print(
        f"sent in {elapsed:.1f} s; accepted {accepted}, other answers {len(statuses) - accepted}; "
        f"stored {stored}; after closing: HTTP {late}"
    )
    if not (accepted == total == stored and late == 403):
        sys.exit("burst: nominations were lost or the closed form accepted one")
    return {"accepted": accepted, "stored": stored, "late": late}


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("http", "all"):
        bench_http()
    if which in ("queries", "all"):
        bench_queries()
    if which in ("burst", "all"):
        bench_burst()
