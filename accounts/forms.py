import logging

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from accounts import two_factor
from accounts.ratelimit import RateLimit, client_address

logger = logging.getLogger(__name__)


class CodeForm(forms.Form):
    """One box for a code from the authenticator app or, where allowed, a backup code.

    Checking the code spends it, so a valid form has `device` set to the device that accepted it.
    """

    code = forms.CharField(
        label=pgettext_lazy("two-factor", "Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the code.")},
    )

    def __init__(self, user, *args, app_device=None, allow_backup_code=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.app_device = app_device
        self.allow_backup_code = allow_backup_code
        self.device = None
        if allow_backup_code:
            self.fields["code"].help_text = _(
                "The 6-digit code your authenticator app shows now, or one of your backup codes."
            )
        else:
            self.fields["code"].help_text = _("The 6-digit code your authenticator app shows now.")

    def clean_code(self):
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not self.allow_backup_code and not two_factor.APP_CODE.match(code):
            raise ValidationError(_("Enter the 6 digits your authenticator app shows."), code="format")
        device = two_factor.device_for_code(self.user, code, app=self.app_device)
        if device is not None:
            wait = two_factor.retry_after(device)
            if wait:
                raise ValidationError(
                    ngettext(
                        "Too many wrong codes. Wait %(seconds)d second and try again.",
                        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                        wait,
                    )
                    % {"seconds": wait},
                    code="throttled",
                )
        if device is None or not two_factor.check_code(self.user, device, code):
            raise ValidationError(
                _("This code is wrong or has already been used. Enter the code your app shows now."), code="wrong"
            )
        self.device = device
        return code


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's password reset, without mail on demand (`WAGTAILADMIN_USER_PASSWORD_RESET_FORM`).

    Each request counts against its address (`RATE_LIMITS["password-reset-address"]`) and each mail
    against the account's address (`"password-reset-recipient"`); past either limit the mail is simply not
    sent. The page answers exactly as before, so it still does not tell whether an account exists."""

    def save(self, *args, request=None, **kwargs):
        self.address_allowed = request is None or RateLimit.named("password-reset-address").allow(
            client_address(request)
        )
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, *args, **kwargs):
        if not self.address_allowed:
            logger.warning("password reset: too many requests from one address; no mail sent")
            return
        if not RateLimit.named("password-reset-recipient").allow(to_email):
            logger.warning("password reset: too many mails to one account; no mail sent")
            return
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, *args, **kwargs)
