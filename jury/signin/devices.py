"""The second factor of a login: the authenticator app and the one-time backup codes.

A juror sets up the app once (jury/signin/password.py) and gets ten backup codes with it,
for the day the phone is lost. When the codes are gone too, the administration
resets the second factor, and the next login sets it up again.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nominations.models import AuditAction, AuditEntry
from trygghetspris.people import display_name

BACKUP_CODE_COUNT = 10
# StaticToken.random_token gives eight base32 characters (40 random bits); the
# device's throttling makes guessing them hopeless.
BACKUP_CODE_LENGTH = 8
BACKUP_CODE_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz234567")


def confirmed_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_backup_code(text: str) -> str:
    """A code as typed: case, spaces and dashes do not matter (the page shows "abcd efgh").

    The codes hold no 0 or 1, so a 0 or 1 typed for the letters o and l is read as them.
    """
    code = "".join(text.split()).replace("-", "").lower()
    return code.translate(str.maketrans({"0": "o", "1": "l"}))


def looks_like_backup_code(code: str) -> bool:
    return len(code) == BACKUP_CODE_LENGTH and set(code) <= BACKUP_CODE_ALPHABET


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice) -> list[str]:
    """Confirm an app that has just given a right code; return fresh backup codes.

    The codes are returned once, to be shown once: any earlier ones stop working.
    """
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    backup = StaticDevice.objects.create(user=device.user, name="backup codes", confirmed=True)
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return sorted(codes)


def may_reset(*, user, by) -> bool:
    """Staff who may change jury appointments may reset a juror's second factor.

    An account with access to the admin is reset only by a superuser: whoever resets
    a second factor lets the password alone set up a new one.
    """
    if not (by.is_active and by.is_staff and by.has_perm("jury.change_jurymembership")):
        return False
    return by.is_superuser or not (user.is_staff or user.is_superuser)


@transaction.atomic
def reset_two_factor(*, user, by) -> int:
    """Remove the user's authenticator app and backup codes, so the next login sets them up.

    A session verified with a removed device is no longer verified (django-otp looks
    the device up on every request), so a lost phone's sessions lose the jury's pages
    at once. Returns how many devices were removed; with none there is nothing to record.
    """
    if not may_reset(user=user, by=by):
        raise PermissionDenied
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(
        TOTPDevice._meta.label, 0
    ) + StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    if removed:
        AuditEntry.record(
            actor=by,
            action=AuditAction.TWO_FACTOR_RESET,
            summary=gettext_lazy(
                "Reset the two-step verification of %(name)s: the authenticator app and "
                "the backup codes no longer work, and the next login sets them up again."
            ),
            params={"name": display_name(user)},
            changes={"user": user.get_username(), "devices_removed": removed},
        )
    return removed
