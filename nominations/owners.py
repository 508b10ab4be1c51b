"""The owner of a prize as the pages, e-mails and documents show it: names, contacts, logo.

The municipality, administration and body (nämnd) behind a prize are data
(nominations/models/prizes.py's Owner), edited in the admin through save_owner(),
which records the change. A page about one prize shows that prize's owner; a page that
is about no prize in particular (sign-in, the site-wide privacy and accessibility
pages) shows the owner of the prize of the old addresses (site_owner()).

The logo is checked by its content when it comes (inspect_logo), served by the
application as the PNG or JPEG it is (logo_file), and embedded in the decision's
letterhead as a flattened PNG (logo_data_uri), since PDF/A keeps to the simplest
drawing model.
"""

from __future__ import annotations

import base64
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from PIL import Image

from .file_inspection import inspect_image
from .models import AuditAction, AuditEntry, Owner, Prize

log = logging.getLogger(__name__)

# A logo is a small picture: a megabyte and a few thousand pixels a side are plenty
# for a page header and a letterhead, and keep the PDF and each page light.
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_SIDE = 4000
# The longer side of the copy embedded in a PDF: sharp at the letterhead's size.
PDF_LOGO_PIXELS = 600

_KINDS = {b"\x89PNG\r\n\x1a\n": ("PNG", "image/png"), b"\xff\xd8\xff": ("JPEG", "image/jpeg")}


def _kind(head: bytes) -> tuple[str, str] | None:
    """The format and content type the file's first bytes show; None for anything else."""
    for magic, kind in _KINDS.items():
        if head.startswith(magic):
            return kind
    return None


def inspect_logo(upload) -> None:
    """Refuse a logo that is not a whole PNG or JPEG within the limits, saying why."""
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError(
            gettext_lazy("The logo is larger than 1 MB. Make the image smaller and try again."),
            code="logo_size",
        )
    upload.seek(0)
    kind = _kind(upload.read(8))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            gettext_lazy("The logo must be an image in PNG or JPEG format."), code="logo_kind"
        )
    facts = inspect_image(upload, upload.name, kind[0])
    if max(facts["width"], facts["height"]) > MAX_LOGO_SIDE:
        raise ValidationError(
            gettext_lazy(
                "The logo is larger than %(side)s pixels on a side. Make the image smaller "
                "and try again."
            ),
            code="logo_pixels",
            params={"side": MAX_LOGO_SIDE},
        )


def logo_file(owner: Owner) -> tuple[bytes, str] | None:
    """The stored logo and its content type, read from its bytes; None if there is none.

    The type comes from the content, never from the name or the upload: what is not a
    PNG or a JPEG is not served at all.
    """
    if not owner.logo:
        return None
    try:
        with owner.logo.storage.open(owner.logo.name, "rb") as stored:
            data = stored.read(MAX_LOGO_BYTES + 1)
    except OSError:
        log.warning("the logo of owner %s could not be read", owner.pk)
        return None
    kind = _kind(data[:8])
    if kind is None or len(data) > MAX_LOGO_BYTES:
        return None
    return data, kind[1]


def logo_data_uri(owner: Owner | None, *, key_only: bool = False) -> str:
    """The logo as a data: URI for a PDF, on white and scaled; empty without a logo.

    The renderer reads nothing but our static files and data: URIs (jury/documents/
    render.py). While a document's content key is worked out (key_only), the logo's
    name and version stand in for the picture, as the attached images' checksums do.
    """
    if owner is None or not owner.logo:
        return ""
    if key_only:
        return f"logo:{owner.logo_version}"
    stored = logo_file(owner)
    if stored is None:
        return ""
    try:
        with Image.open(io.BytesIO(stored[0]), formats=["PNG", "JPEG"]) as image:
            image.thumbnail((PDF_LOGO_PIXELS, PDF_LOGO_PIXELS))
            rgba = image.convert("RGBA")
            # On white, as on paper: no soft mask, nothing transparent in the PDF/A.
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba)
            out = io.BytesIO()
            flat.save(out, format="PNG", optimize=True)
    except Exception:
        log.warning("the logo of owner %s could not be read as an image", owner.pk)
        return ""
    return f"data:image/png;base64,{base64.b64encode(out.getvalue()).decode('ascii')}"


def site_prize() -> Prize | None:
    """The prize of the old addresses (settings.LEGACY_PRIZE_SLUG): the installation's own.

    None only on an empty installation.
    """
    return Prize.objects.select_related("owner").filter(slug=settings.LEGACY_PRIZE_SLUG).first()


def site_owner() -> Owner | None:
    """The owner for what is about no prize in particular: the legacy prize's owner.

    The sign-in pages, the site-wide privacy and accessibility pages and the admin's
    title speak for the installation; it is run by the owner of the prize of the old
    addresses (settings.LEGACY_PRIZE_SLUG). None only on an empty installation.
    """
    prize = site_prize()
    return prize.owner if prize else None


def site_contact() -> dict:
    """Whom the sign-in pages' messages send someone to: the installation's administration.

    As it reads in the middle of a sentence ("fråga socialförvaltningen"), and its e-mail.
    """
    owner = site_owner()
    return {
        "administration": owner.administration_in_text if owner else "",
        "email": owner.email if owner else "",
    }


def site_email() -> str:
    """Where the sign-in pages send someone who needs help: the installation's owner."""
    owner = site_owner()
    return owner.email if owner else ""


def totp_issuer(device=None) -> str:
    """The name the authenticator app shows: "Trygghetspriset Stockholms stad".

    The prize of the old addresses and its municipality, as before prizes were data, so
    that a juror's app keeps its name; settings.OTP_TOTP_ISSUER calls this.
    """
    prize = site_prize()
    return f"{prize.name} {prize.owner.municipality}" if prize else ""


def contact(owner: Owner | None) -> dict:
    """How the public reaches the owner's administration, as the pages quote it."""
    if owner is None:
        return {"email": "", "phone": "", "phone_link": "", "address": "", "owner": None}
    phone = owner.phone
    return {
        "email": owner.email,
        "phone": phone,
        # A link a phone can call, that never breaks after the area code ("08-").
        "phone_link": format_html(
            '<a class="text-nowrap" href="tel:{}">{}</a>', dialable(phone), phone
        ),
        # As a letter is addressed: the administration, then its postal address.
        "address": ", ".join(p for p in (owner.administration, owner.postal_address) if p),
        "owner": owner,
    }


def dialable(phone: str) -> str:
    """ "08-508 25 000" as a tel: link dials it from anywhere: "+46850825000"."""
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    if digits.startswith("0"):
        return "+46" + digits[1:]
    return digits


def page_owner(request: HttpRequest) -> Owner | None:
    """The owner a page speaks for: of the prize its address names, else site_owner()."""
    match = getattr(request, "resolver_match", None)
    # The prize's pages name it as "prize" (nominations/urls.py); the jury's pages as the
    # prize of their year (jury/urls_keys.py's YearKey).
    kwargs = match.kwargs if match else {}
    slug = kwargs.get("prize") or getattr(kwargs.get("year"), "prize", None)
    if isinstance(slug, str):
        prize = Prize.objects.select_related("owner").filter(slug=slug).first()
        if prize is not None:
            return prize.owner
    return site_owner()


_AUDITED = [
    "municipality",
    "municipality_en",
    "organisation_number",
    "administration",
    "administration_en",
    "body",
    "body_en",
    "postal_address",
    "email",
    "staff_email_domains",
    "phone",
    "website",
    "data_protection_officer",
    "logo",
]


def _value(owner: Owner, name: str) -> str:
    value = getattr(owner, name)
    return value.name if name == "logo" else str(value)


@transaction.atomic
def save_owner(*, owner: Owner, changed: list[str], by) -> Owner:
    """Store an owner entered or changed in the admin, with its audit entry.

    What the owner's names say is printed on every document of its prizes from then
    on, so the trail records who changed what, and to what.
    """
    created = owner.pk is None
    owner.save()
    shown = [name for name in _AUDITED if created or name in changed]
    changes = {name: _value(owner, name) for name in shown}
    # The trail is in Swedish whatever the screen's language (AuditEntry.record).
    with translation.override("sv"):
        fields = ", ".join(str(Owner._meta.get_field(name).verbose_name) for name in shown)
    AuditEntry.record(
        actor=by,
        action=AuditAction.OWNER_CHANGED,
        summary=(
            gettext_lazy("Recorded the owner %(owner)s.")
            if created
            else gettext_lazy("Changed the owner %(owner)s: %(fields)s.")
        ),
        params={"owner": str(owner), "fields": fields or "–"},
        changes=changes,
    )
    return owner
