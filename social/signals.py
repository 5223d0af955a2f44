"""The app's one receiver, connected from `SocialConfig.ready()`: a post is queued on a page's first publication."""

from wagtail.signals import page_published

from social.posting import queue_facebook_post


def connect():
    page_published.connect(queue_facebook_post, dispatch_uid="social.queue_facebook_post")
