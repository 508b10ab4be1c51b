"""Template filters for the jury's PDF documents."""

from django import template

from nominations.attachments import preview_data_uri
from nominations.models import Attachment

register = template.Library()


@register.filter
def preview_uri(attachment: Attachment) -> str:
    """An attached image scaled down, as a data: URI the PDF renderer may read (pdf.py)."""
    return preview_data_uri(attachment)
