"""The site-wide urgent banner, read at most once a minute per site (and at once after it is saved)."""

import logging

from django import template
from django.core.cache import cache
from django.db import DatabaseError
from wagtail.models import Site

register = template.Library()
logger = logging.getLogger(__name__)

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
        from feedback.models import UrgentBanner

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


@register.inclusion_tag("feedback/includes/urgent_banner.html", takes_context=True)
def urgent_banner(context):
    return {"banner": current_banner(context.get("request"))}
