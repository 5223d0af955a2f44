"""Saving the urgent banner clears its cached copy, so it appears (or disappears) on the next request."""

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from feedback.banner import UrgentBanner, banner_cache_key


@receiver(post_save, sender=UrgentBanner)
def clear_banner_cache(sender, instance, **kwargs):
    cache.delete(banner_cache_key(instance.site_id))
