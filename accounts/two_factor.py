"""Optional two-factor sign-in for the admin: an authenticator app (TOTP) plus one-time backup codes.

The devices are django-otp's: one `TOTPDevice` (unconfirmed until its first code is entered) and one
`StaticDevice` holding the backup codes. django-otp refuses a TOTP code at or before the last accepted
time step (no replay), deletes a backup code once used, and slows down repeated wrong codes per device.
Everything else here is the school's policy: who must enrol, what is audited, how codes are typed.
"""

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator app"
BACKUP_DEVICE_NAME = "backup codes"

ENABLED_ACTION = "site_lak.two_factor.enable"
DISABLED_ACTION = "site_lak.two_factor.disable"
BACKUP_CODES_ACTION = "site_lak.two_factor.backup_codes"
VERIFY_FAILED_ACTION = "site_lak.two_factor.verify_failed"

APP_CODE = re.compile(r"^\d{6}$")


def normalise_code(code):
    """Codes are read off a phone or paper: ignore spaces, dashes and letter case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_enabled(user):
    return user_has_device(user, confirmed=True)


def is_required(user):
    """Members of a group named in REQUIRE_2FA_GROUPS may not do without two-factor sign-in."""
    groups = settings.REQUIRE_2FA_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def pending_step(user):
    """What stands between a signed-in user and the admin: "verify", "enrol" or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if is_enabled(user):
        return "verify"
    if is_required(user):
        return "enrol"
    return None


def app_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user):
    """The authenticator-app device being set up, kept across reloads so a scanned code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def backup_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remaining_backup_codes(user):
    device = backup_device(user)
    return device.token_set.count() if device else 0


def device_for_code(user, code, app=None):
    """The device that should check this code: six digits are the app's, anything else a backup code."""
    if APP_CODE.match(code):
        return app or app_device(user)
    return backup_device(user)


def retry_after(device):
    """Seconds before the device accepts another code after repeated wrong ones, or None."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return None
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)


def check_code(user, device, code):
    """True when the device accepts the code (django-otp locks its row, so a code is spent only once)."""
    return verify_token(user, device.persistent_id, code) is not None


def issue_backup_codes(user):
    """Replace the user's backup codes with fresh ones and return them (shown once, stored as given)."""
    with transaction.atomic():
        device = backup_device(user) or StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME)
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enable(user, device):
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = issue_backup_codes(user)
        log(instance=user, action=ENABLED_ACTION, user=user)
    return codes


def disable(user, used_device):
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        log(instance=user, action=DISABLED_ACTION, user=user, data={"confirmed_with": used_device.name})


def audit_backup_codes(user):
    log(instance=user, action=BACKUP_CODES_ACTION, user=user)


def audit_failed_verification(user, address):
    log(instance=user, action=VERIFY_FAILED_ACTION, user=user, data={"address": address})


def formatted_secret(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device, title):
    """The set-up link as an inline SVG QR code: no image request, nothing for the CSP to block."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="two-factor-qr")
