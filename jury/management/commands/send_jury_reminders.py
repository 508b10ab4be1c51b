"""E-mail jurors who are behind, a few days before each deadline and on the day.

Safe to run daily from cron or a systemd timer: each reminder goes out once.
"""

from django.core.management.base import BaseCommand

from jury.reminders import send_scheduled_reminders


class Command(BaseCommand):
    help = "Remind jurors with efforts left to score or a vote to cast, before their deadline."

    def handle(self, *args, **options) -> None:
        sent = send_scheduled_reminders()
        self.stdout.write(f"Sent {sent} reminders.")
