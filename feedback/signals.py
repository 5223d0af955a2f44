"""The signals of feedback/, connected by `FeedbackConfig.ready()`: saving the urgent banner clears its cached
copy, so it appears (or disappears) on the next request."""

from django.core.cache import cache
from django.db.models.signals import post_save

from feedback.banner import UrgentBanner, banner_cache_key


def clear_banner_cache(sender, instance, **kwargs):
    cache.delete(banner_cache_key(instance.site_id))


def connect():
    post_save.connect(clear_banner_cache, sender=UrgentBanner, dispatch_uid="feedback.signals.clear_banner_cache")
