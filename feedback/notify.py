"""E-mails to senders. A failure is logged and reported to the caller, never raised: the record is already safe."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from accounts.ratelimit import RateLimit
from home.models import SchoolSettings

logger = logging.getLogger(__name__)


def site_name():
    site = Site.objects.filter(is_default_site=True).first()
    return (SchoolSettings.for_site(site).school_name if site else "") or settings.WAGTAIL_SITE_NAME


def _send(feedback, subject, template, context):
    if not feedback.email:
        return False
    with translation.override(feedback.language or "vi"):
        try:
            body = render_to_string(template, {"feedback": feedback, "site_name": site_name(), **context})
            send_mail(subject(), body, None, [feedback.email])
        except Exception:
            logger.exception("Feedback %s: e-mail to the sender failed", feedback.reference)
            return False
    return True


def acknowledgement_allowed(feedback, address):
    """No mail on demand: acknowledgements caused by one address (`RATE_LIMITS["feedback-mail-address"]`)
    and sent to one e-mail address (`"feedback-mail-recipient"`) are limited; past either, the message is
    stored and answered as usual, only the mail is not sent."""
    if address is not None and not RateLimit.named("feedback-mail-address").allow(address):
        return False
    return RateLimit.named("feedback-mail-recipient").allow(feedback.email)


def acknowledge(feedback, status_url, address=None):
    """The reference code and where to follow progress, to the sender's address if given (`address`: the
    address the submission came from, for the rate limit)."""
    if feedback.email and not acknowledgement_allowed(feedback, address):
        logger.warning("Feedback %s: too many acknowledgements to this sender or from this address", feedback.reference)
        return False
    return _send(
        feedback,
        lambda: _("We have received your message (%(reference)s)") % {"reference": feedback.reference},
        "feedback/email/acknowledgement.txt",
        {"status_url": status_url},
    )


def send_reply(feedback):
    return _send(
        feedback,
        lambda: _("Reply to your message %(reference)s") % {"reference": feedback.reference},
        "feedback/email/reply.txt",
        {},
    )
