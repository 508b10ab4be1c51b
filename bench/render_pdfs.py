"""Benchmark: time to render the winner decision and a 200-effort assessment dossier.

Runs against a throw-away SQLite database that it fills itself, so it never
touches real data:

    .venv/bin/python bench/render_pdfs.py [--efforts 200] [--runs 3] [--out DIR]
    .venv/bin/python bench/render_pdfs.py --efforts 100,600 --runs 1

Several sizes (comma-separated) are measured one after the other in the same run, each
in a year of its own, and the largest is compared with the smallest scaled linearly.

Then, as a juror asks for the dossier through Django's test client: the time to the
first byte of a download with a cold cache (no render of the current content: the
request queues one and answers with the progress page), the worker's render of it
(per effort), and a download with a warm cache (the finished render is served).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--efforts", default="200", help="one size, or several: 100,600")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the PDFs to this folder")
    parser.add_argument(
        "--worker-only",
        action="store_true",
        help="only the downloads and the worker's render, not the documents rendered directly",
    )
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghetspris.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sizes = [int(size) for size in str(args.efforts).split(",")]
    renders = {}
    for index, efforts in enumerate(sizes):
        renders[efforts] = measure(args, efforts=efforts, year=2099 - index)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        linear = renders[small] * large / small
        print(
            f"\nworker's render, CPU time: {large} efforts {renders[large]:.1f} s, {small} "
            f"efforts {renders[small]:.1f} s; {large} / ({large // small} × {small}) = "
            f"{renders[large] / linear:.2f}"
        )


def measure(args, *, efforts: int, year: int) -> float:
    """Both documents of a year of this many efforts, then its downloads; the worker's render."""
    decision, prize_year = fill(efforts, year=year)

    from jury import justering
    from jury.documents import render

    print(f"\n{efforts} efforts")
    if args.worker_only:
        return downloads(prize_year, runs=args.runs, efforts=efforts)
    results = {}
    for name, make in (
        ("winner decision", lambda: justering.decision_document(decision=decision)),
        (f"dossier, {efforts} efforts", lambda: render.dossier_pdf(prize_year=prize_year)),
    ):
        timings, content = [], b""
        for _ in range(args.runs):
            start = time.perf_counter()
            content = make()
            timings.append(time.perf_counter() - start)
        results[name] = (statistics.median(timings), min(timings), len(content))
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / (name.split(",")[0].replace(" ", "-") + ".pdf")).write_bytes(content)

    import weasyprint

    print(f"WeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, {args.runs} runs")
    print(f"{'document':<24} {'median s':>9} {'best s':>8} {'size kB':>8}")
    for name, (median, best, size) in results.items():
        print(f"{name:<24} {median:>9.2f} {best:>8.2f} {size / 1024:>8.0f}")
    median = results[f"dossier, {efforts} efforts"][0]
    print(f"dossier render per effort: {median / efforts * 1000:.0f} ms")
    return downloads(prize_year, runs=args.runs, efforts=efforts)


def downloads(prize_year, *, runs: int, efforts: int) -> float:
    """Time to first byte of the dossier's download, cold and warm, and the worker's render."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jury.models import JuryMembership, RenderedDocument
    from tests.mail_queue import run_queued_tasks

    settings.ALLOWED_HOSTS = ["testserver"]
    user = JuryMembership.objects.filter(prize_year=prize_year).first().user
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = reverse("jury:dossier_pdf", args=[prize_year.year])

    def first_byte() -> tuple[float, object]:
        # The test client returns the whole answer; neither answer is streamed, so
        # the first byte leaves when the last one does, less the network.
        start = time.perf_counter()
        response = client.get(url)
        return time.perf_counter() - start, response

    cold, warm, rendered, cpu = [], [], [], []
    for _ in range(runs):
        RenderedDocument.objects.all().delete()
        seconds, response = first_byte()
        assert response.status_code == 302, response.status_code
        cold.append(seconds)
        start, start_cpu = time.perf_counter(), time.process_time()
        assert run_queued_tasks() == 1
        rendered.append(time.perf_counter() - start)
        # CPU time too: on a shared machine the wall clock measures the neighbours.
        cpu.append(time.process_time() - start_cpu)
        for _ in range(3):
            seconds, response = first_byte()
            assert response["Content-Type"] == "application/pdf"
            warm.append(seconds)
    # The download's own work, without the request around it (session, login, access):
    # finding the finished render for the current content key, with its PDF.
    from jury.documents import store

    own = []
    for _ in range(9):
        start = time.perf_counter()
        document = store.request_document(kind="dossier", prize_year=prize_year)
        assert document.is_done and bytes(document.content)
        own.append(time.perf_counter() - start)
    render = statistics.median(rendered)
    render_cpu = statistics.median(cpu)
    print(f"download of the dossier ({efforts} efforts), median of {runs} (warm: {3 * runs}):")
    print(f"  cold cache, progress page: {statistics.median(cold) * 1000:.0f} ms to first byte")
    print(
        f"  worker's render:           {render:.2f} s, {render / efforts * 1000:.0f} ms per effort"
        f" (CPU {render_cpu:.2f} s, {render_cpu / efforts * 1000:.0f} ms per effort)"
    )
    print(f"  warm cache, the PDF:       {statistics.median(warm) * 1000:.0f} ms to first byte")
    print(
        f"  of which the render found by its content key, with its PDF: "
        f"{statistics.median(own) * 1000:.1f} ms (median of 9)"
    )
    return render_cpu


def fill(count: int, *, year: int = 2099):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from jury.models import Decision, JuryMembership, JuryRole, Vote
    from nominations.models import (
        Answer,
        Criterion,
        Effort,
        JuryPhase,
        Nomination,
        Organisation,
        PrizeYear,
        ScreeningStatus,
        ScreeningVerdict,
    )
    from nominations.orientation import COPIED_FIELDS
    from nominations.prizes import legacy_prize

    # Each year's window a year and more before the next one's, as real years are.
    now = timezone.now() - timedelta(days=400 * (2099 - year))
    # Rows written directly, as decided, so the bench does not follow the year's process.
    prize_year = PrizeYear.objects.create(
        prize=legacy_prize(),
        year=year,
        theme="Stärkt samverkan för ökad trygghet",
        opens_at=now - timedelta(days=120),
        closes_at=now - timedelta(days=60),
        case_number=f"SN {year}/0001",
        jury_phase=JuryPhase.DECIDED,
    )
    # The criteria of 2023, as the migrations seed them.
    Criterion.objects.bulk_create(
        Criterion(prize_year=prize_year, **{name: getattr(c, name) for name in COPIED_FIELDS})
        for c in PrizeYear.objects.get(year=2023).criteria.all()
    )
    criteria = prize_year.ordered_criteria()
    paragraph = (
        "Stadsdelsförvaltningen, polisen, bostadsbolaget och föreningslivet arbetar "
        "tillsammans med trygghetsvandringar, läxhjälp och öppna mötesplatser för unga. "
    ) * 4
    efforts = []
    for n in range(count):
        effort = Effort.objects.create(
            prize_year=prize_year, name=f"Insats nummer {n + 1} i Älvsjö"
        )
        nomination = Nomination.objects.create(
            prize_year=prize_year,
            effort=effort,
            reference=f"TP{year}-B{n:05d}",
            effort_name=effort.name,
            description=paragraph,
            district="hagersten-alvsjo",
            nominator_name="Bänk Märk",
            nominator_email=f"bench{n}@example.se",
            privacy_acknowledged_at=now,
        )
        Answer.objects.bulk_create(
            Answer(
                nomination=nomination,
                criterion=c,
                text=paragraph if c.is_mandatory else paragraph[:300],
            )
            for c in criteria
            if c.asks_for_text
        )
        ScreeningVerdict.objects.bulk_create(
            ScreeningVerdict(nomination=nomination, criterion=c, status=ScreeningStatus.PASSED)
            for c in criteria
            if c.is_mandatory
        )
        Organisation.objects.bulk_create(
            Organisation(nomination=nomination, name=name, position=i)
            for i, name in enumerate(["Polisen", "Älvsjö stadsdelsförvaltning", "Förening Öst"])
        )
        efforts.append(effort)
    User = get_user_model()
    members = []
    for i in range(9):
        user = User.objects.create_user(
            f"juror{year}-{i}", first_name=f"Jurymedlem{i}", last_name="Åberg"
        )
        members.append(
            JuryMembership.objects.create(
                user=user,
                prize_year=prize_year,
                role=JuryRole.CHAIR if i == 0 else JuryRole.MEMBER,
                ends_on=timezone.localdate(),
            )
        )
    Effort.objects.filter(pk__in=[e.pk for e in efforts[:3]]).update(shortlisted=True)
    for i, membership in enumerate(members):
        Vote.objects.create(juror=membership.user, prize_year=prize_year, effort=efforts[i % 3])
    decision = Decision.objects.create(
        prize_year=prize_year,
        effort=efforts[0],
        motivation="Juryn har valt insatsen för dess nyskapande samverkan. " * 3,
        tally={str(e.pk): 3 for e in efforts[:3]},
        casting_vote=True,
        decided_by=members[0].user,
    )
    return decision, prize_year


if __name__ == "__main__":
    main()
