"""The urgent banner: a message on every public page, switched on by the leadership in an emergency (no deploy).

It is read at most once a minute per site, and at once after it is saved (`feedback.signals`).
"""

import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from feedback.vocabulary import BannerLevel

logger = logging.getLogger(__name__)


@register_setting(icon="warning")
class UrgentBanner(BaseSiteSetting):
    """A banner on every public page, switched on by the leadership in an emergency (no deploy)."""

    enabled = models.BooleanField(_("show the banner"), default=False)
    message = models.CharField(_("message"), max_length=300, blank=True)
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("A page on this site (/vi/…) or a full address (https://…) with more information."),
    )
    link_text = models.CharField(_("link text"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=BannerLevel.choices, default=BannerLevel.WARNING)

    panels = [
        FieldPanel("enabled"),
        FieldPanel("level"),
        FieldPanel("message"),
        FieldPanel("link"),
        FieldPanel("link_text"),
    ]

    class Meta:
        verbose_name = _("urgent banner")

    def clean(self):
        super().clean()
        if self.link and not self.link.startswith(("/", "https://", "http://")):
            raise ValidationError({"link": _("Enter a path starting with / or an address starting with https://.")})
        if self.enabled and not self.message.strip():
            raise ValidationError({"message": _("Write the message before switching the banner on.")})


BANNER_CACHE_SECONDS = 60


def banner_cache_key(site_id):
    return f"feedback:urgent-banner:{site_id}"


def current_banner(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    key = banner_cache_key(site.pk)
    banner = cache.get(key)
    if banner is None:
        try:
            # Read only (not `for_site`, which creates a missing row): a visitor's page view never writes.
            setting = UrgentBanner.objects.filter(site=site).first()
        except DatabaseError:  # the banner must never take a page down with it
            logger.exception("The urgent banner could not be read")
            return None
        banner = {}
        if setting is not None and setting.enabled and setting.message.strip():
            banner = {
                "message": setting.message,
                "link": setting.link,
                "link_text": setting.link_text,
                "level": setting.level,
            }
        cache.set(key, banner, BANNER_CACHE_SECONDS)
    return banner or None
