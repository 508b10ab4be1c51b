"""Remove files attached to forms that were refused and never sent again.

They wait PENDING_UPLOAD_HOURS for the nominator's next try; after that they are
no one's, and not records (the nomination never reached the city). Daily. A file
a form is storing at that moment is skipped, and files go only once their rows'
removal is committed (remove_expired_pending).
"""

from django.core.management.base import BaseCommand

from nominations.attachments import remove_expired_pending


class Command(BaseCommand):
    help = "Remove files that waited for a refused nomination form longer than allowed."

    def handle(self, *args, **options) -> None:
        removed = remove_expired_pending()
        self.stdout.write(f"Removed {removed} files that waited for a form that was not sent.")
