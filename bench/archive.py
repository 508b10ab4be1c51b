"""Benchmark: time and size of the archive package (E-ARK SIP) of a closed year.

Fills a throw-away SQLite database with one decided year of many efforts (the same
rows as bench/render_pdfs.py: about 1,500 characters of text each, three
organisations, a jury of nine), stores its checked decision, announces and closes it,
and makes the package as `manage.py archive_year --zip` does:

    .venv/bin/python bench/archive.py [--efforts 600] [--runs 1] [--out DIR]

Prints the time to build the package (records, the PDF/A of each nomination, the
metadata), the time to write the ZIP, the number of files and the sizes.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from hashlib import sha256
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--efforts", type=int, default=600)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the ZIP to this folder")
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghetspris.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bench.render_pdfs import fill
    from jury.archive.package import build_package, write_zip
    from jury.models import Decision
    from nominations.models import PrizeYear

    call_command("migrate", verbosity=0)
    decision, prize_year = fill(args.efforts)
    # Justerat, announced and closed, written directly as fill() writes the decision.
    document = b"%PDF-1.7 the checked decision of the bench"
    now = timezone.now()
    Decision.objects.filter(pk=decision.pk).update(
        chair_checked_at=now,
        justerare_checked_at=now,
        document=document,
        document_sha256=sha256(document).hexdigest(),
    )
    PrizeYear.objects.filter(pk=prize_year.pk).update(announced_at=now, closed_at=now)
    prize_year.refresh_from_db()

    builds, zips, package, archive = [], [], None, b""
    for _ in range(args.runs):
        start = time.perf_counter()
        package = build_package(prize_year=prize_year)
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        target = io.BytesIO()
        write_zip(package, target, prize_year=prize_year)
        zips.append(time.perf_counter() - start)
        archive = target.getvalue()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{package.object_id}.zip").write_bytes(archive)

    import weasyprint

    unpacked = sum(len(content) for content in package.files.values())
    build = statistics.median(builds)
    print(f"WeasyPrint {weasyprint.__version__}, Python {sys.version.split()[0]}, {args.runs} runs")
    print(f"archive package, {args.efforts} efforts: {len(package.files)} files")
    print(f"  build (median):   {build:.1f} s, {build / args.efforts * 1000:.0f} ms per effort")
    print(f"  write ZIP:        {statistics.median(zips):.1f} s")
    print(f"  size, unpacked:   {unpacked / 1024 / 1024:.1f} MB")
    print(f"  size, ZIP:        {len(archive) / 1024 / 1024:.1f} MB")
    for name in ("METS.xml", "metadata/descriptive/erms.xml", "metadata/preservation/premis.xml"):
        print(f"  {name}: {len(package.files[name]) / 1024:.0f} kB")


if __name__ == "__main__":
    main()
