from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "jury"
    verbose_name = _("Jury")

    def ready(self) -> None:
        from nominations.signals import attachments_removed

        from .documents.store import discard_renders

        attachments_removed.connect(discard_renders, dispatch_uid="jury-discard-renders")
