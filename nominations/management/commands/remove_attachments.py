"""Remove files attached to nominations as the recorded retention rule allows.

Meant to run daily beside remove_nominator_contacts. Unlike that command it exits
zero while no rule is recorded: the archive authority may well decide that the
files are kept for good (bevaras), and then there is nothing to report.
"""

from django.core.management.base import BaseCommand

from nominations.privacy import NoRetentionRule, attachments_rule, remove_attachments


class Command(BaseCommand):
    help = (
        "Remove the files attached to nominations once the period of the recorded retention "
        "rule for attachments after the award has passed. Keeps everything while no rule "
        "is recorded."
    )

    def handle(self, *args, **options) -> None:
        try:
            removed = remove_attachments()
        except NoRetentionRule as notice:
            self.stdout.write(str(notice))
            return
        rule = attachments_rule()
        self.stdout.write(
            f"Removed {removed} attached files "
            f"(retention rule “{rule.reference}”, {rule.period_days} days)."
        )
