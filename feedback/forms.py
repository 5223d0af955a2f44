"""The public feedback form and its defences: honeypot, time-trap, HTML stripping, attachments checked by content."""

import html
import re
import time

import filetype
import nh3
from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from feedback.vocabulary import Category

TIMESTAMP_SALT = "feedback.form-started"
HONEYPOT_FIELD = "website"
# Only these types are accepted, whatever the file is called: the first bytes decide.
ATTACHMENT_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
}
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


def min_seconds():
    return settings.FEEDBACK_MIN_SECONDS


def max_attachment_bytes():
    return settings.FEEDBACK_MAX_ATTACHMENT_BYTES


def sign_timestamp(moment=None):
    return signing.dumps(moment if moment is not None else time.time(), salt=TIMESTAMP_SALT)


def plain_text(value):
    """The text without any HTML: tags dropped (their text kept), entities decoded; templates escape on output."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()


def detect_attachment_type(upload):
    """The MIME type read from the file's content (magic bytes, then a full parse), or None if not accepted."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    mime = filetype.guess_mime(head)
    if mime not in ATTACHMENT_TYPES:
        return None
    try:
        if mime == "application/pdf":
            if len(PdfReader(upload).pages) < 1:
                return None
        else:
            with Image.open(upload) as image:
                image.verify()
    except Exception:  # any parser error means a damaged or disguised file
        return None
    finally:
        upload.seek(0)
    return mime


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of feedback"), choices=Category.choices, initial=Category.QUESTION)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 5000 characters."),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("We send the reference code and our reply to this address."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the school stores and processes this message and my contact details to answer me, "
            "as set out in Decree 13/2023 on personal data protection."
        ),
        error_messages={"required": _("Please tick the box to agree, or we cannot process your message.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, fixed_category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_category = fixed_category
        if fixed_category:
            del self.fields["category"]
        self.fields["started"].initial = sign_timestamp()
        self.fields["attachment"].help_text = gettext(
            "One image (JPEG, PNG, WebP, GIF) or PDF file, at most %(size)s."
        ) % {"size": filesizeformat(max_attachment_bytes())}
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    @property
    def visible_fields_for_display(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def clean_subject(self):
        value = plain_text(self.cleaned_data["subject"])
        if not value:
            raise forms.ValidationError(_("Please write a subject."), code="required")
        return value

    def clean_message(self):
        value = plain_text(self.cleaned_data["message"])
        if not value:
            raise forms.ValidationError(_("Please write your message."), code="required")
        return value

    def clean_name(self):
        return plain_text(self.cleaned_data["name"])

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError(_("Enter a phone number of 8 to 15 digits, for example 0262 3xxx xxx."))
        return value

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > max_attachment_bytes():
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_attachment_bytes())},
                code="too_large",
            )
        mime = detect_attachment_type(upload)
        if mime is None:
            raise forms.ValidationError(
                _(
                    "Only an image (JPEG, PNG, WebP, GIF) or a PDF file can be attached; "
                    "this file's content is not one."
                ),
                code="bad_type",
            )
        upload.detected_type = mime
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Your message could not be sent. Please check it and send it again."), code="spam"
            )
        try:
            started = float(signing.loads(self.data.get("started", ""), salt=TIMESTAMP_SALT, max_age=24 * 3600))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("The form has expired. Please send your message again."), code="expired"
            ) from None
        if time.time() - started < min_seconds():
            raise forms.ValidationError(
                _("That was very quick. Please wait a few seconds, check your message and send it again."),
                code="too_fast",
            )
        return cleaned

    def spam_rejected(self):
        return any(error.code in {"spam", "too_fast", "expired"} for error in self.non_field_errors().as_data())


# GY-<year>-<number>, then (since codes carry it) the random end; older codes have no end.
REFERENCE_CODE = re.compile(r"^GY-\d{4}-\d{6,}(-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6})?$")


class StatusLookupForm(forms.Form):
    ma = forms.CharField(label=_("Reference code"), max_length=32)
    lien_he = forms.CharField(
        label=_("The e-mail or phone you gave (only for an older code without its last part)"),
        max_length=120,
        required=False,
    )

    def clean_ma(self):
        code = re.sub(r"\s+", "", self.cleaned_data["ma"]).upper()
        if not REFERENCE_CODE.match(code):
            raise forms.ValidationError(
                _("A reference code looks like GY-2026-000123-K7QF9X. Copy it whole from your e-mail."),
                code="invalid",
            )
        return code


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10000)
    published_as_faq = forms.BooleanField(label=_("Publish as questions and answers"), required=False)
    faq_question = forms.CharField(
        label=_("Public question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The question as published, rewritten without personal data. The subject is used when empty."),
    )


class DateRangeForm(forms.Form):
    # A native date picker sends and shows ISO dates whatever the site's display format.
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned
