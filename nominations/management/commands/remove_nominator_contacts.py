"""Remove nominators' contact details as the recorded retention rule allows.

Meant to run daily from cron or a systemd timer; running it again does nothing
more until another year becomes due. With no retention rule recorded it refuses
and exits non-zero, so a scheduler reports it.
"""

from django.core.management.base import BaseCommand, CommandError

from nominations.privacy import NoRetentionRule, nominator_contact_rule, remove_contact_details


class Command(BaseCommand):
    help = (
        "Blank nominators' name, e-mail and phone once the period of the recorded retention "
        "rule after the award has passed. Refuses while no rule is recorded."
    )

    def handle(self, *args, **options) -> None:
        try:
            removed = remove_contact_details()
        except NoRetentionRule as refusal:
            raise CommandError(str(refusal)) from None
        rule = nominator_contact_rule()
        self.stdout.write(
            f"Removed the contact details of {removed} nominations "
            f"(retention rule “{rule.reference}”, {rule.period_days} days)."
        )
