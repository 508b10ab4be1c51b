"""Write a closed year's E-ARK archive package: `manage.py archive_year 2023 --out DIR [--zip]`.

`--prize SLUG` names the prize; without it the year is Trygghetspriset's (LEGACY_PRIZE_SLUG).

The same package the prize year's admin offers for download (jury/archive/package.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jury.archive.package import ArchiveRefused, write_package
from nominations.models import PrizeYear


class Command(BaseCommand):
    help = "Write the E-ARK SIP (FGS Paketstruktur 2.0) of a closed prize year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--prize", default=settings.LEGACY_PRIZE_SLUG, help="The prize's address (slug)."
        )
        parser.add_argument("--out", type=Path, required=True, help="The folder to write to.")
        parser.add_argument("--zip", action="store_true", help="One ZIP file, not a folder.")

    def handle(self, *args, year: int, prize: str, out: Path, zip: bool, **options) -> None:
        prize_year = PrizeYear.objects.filter(prize__slug=prize, year=year).first()
        if prize_year is None:
            raise CommandError(f"There is no prize year {year} of the prize {prize}.")
        try:
            target = write_package(prize_year=prize_year, out=out, as_zip=zip)
        except ArchiveRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {target}")
