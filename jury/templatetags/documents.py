"""Template filters for the jury's PDF documents."""

from django import template

from nominations.attachments import preview_data_uri
from nominations.models import Attachment
from nominations.owners import logo_data_uri

register = template.Library()


@register.filter
def preview_uri(attachment: Attachment, key_only: bool = False) -> str:
    """An attached image scaled down, as a data: URI the PDF renderer may read (pdf.py).

    While a document's content key is worked out (key_only, jury/documents/store.py), the
    file's checksum stands in for the image: scaling every image at each download would
    cost the request what the worker is there to spare it.
    """
    if key_only:
        return f"sha256:{attachment.sha256}"
    return preview_data_uri(attachment)


@register.simple_tag(takes_context=True)
def owner_logo(context) -> str:
    """The document owner's logo as a data: URI, for the letterhead (jury/pdf/_issuer.html).

    While a document's content key is worked out (key_only), the logo's version stands
    in for the picture, as an attached image's checksum does above.
    """
    return logo_data_uri(context.get("owner"), key_only=bool(context.get("key_only")))
