"""Remove nominators' contact details a set time after the prize is awarded.

Meant to run daily from cron or a systemd timer; running it again does nothing
more until another year becomes due.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from nominations.privacy import remove_contact_details


class Command(BaseCommand):
    help = "Blank nominators' name, e-mail and phone once the retention time after the award ends."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.NOMINATOR_RETENTION_DAYS,
            help="days after the award to keep contact details "
            f"(default NOMINATOR_RETENTION_DAYS, {settings.NOMINATOR_RETENTION_DAYS})",
        )

    def handle(self, *args, days: int, **options) -> None:
        removed = remove_contact_details(retention_days=days)
        self.stdout.write(f"Removed the contact details of {removed} nominations.")
