"""Queueing a page's Facebook post when it is first published.

The editor's choice travels with the page's revisions (`FacebookShare`, a child of the page); an untouched box
means the family's default (`PageFamily.facebook`: on for news) and the page's own description. Only pages in
the site's main language are posted (the school's Facebook page speaks Vietnamese), only on the first
publication (not when republished), only when public, and only once per page (`one_facebook_post_per_page`).
Publishing never waits for Facebook nor fails because of it: the post is sent by the background worker.
"""

from django.conf import settings
from django.db import IntegrityError, transaction

from core.families import family_of
from home.seo import page_url
from social import graph
from social.models import FacebookPost
from social.sending import enqueue
from social.visibility import is_public


def description(page):
    """The text a post starts with when the editor wrote none: the search description, else the summary."""
    return (page.search_description or getattr(page, "summary", "") or "").strip()


def postable(page):
    """Whether the page can be posted at all: a page family's, in the site's main language."""
    return family_of(page) is not None and page.locale.language_code == settings.LANGUAGE_CODE


def default_enabled(page):
    return postable(page) and family_of(page).facebook


def share_choice(page):
    """(post it?, message) as the page (a revision's or the live one) carries them."""
    share = next(iter(page.facebook_shares.all()), None)
    if share is None:
        return default_enabled(page), description(page)
    return share.enabled and postable(page), share.message.strip() or description(page)


def first_publication(page):
    """Wagtail sets both dates to the same instant on a page's first publication only."""
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def queue_facebook_post(sender, instance, revision=None, **kwargs):
    """page_published's receiver (social/signals.py)."""
    if not graph.configured() or not postable(instance) or not first_publication(instance):
        return
    enabled, message = share_choice(instance)
    if not enabled or not is_public(instance.pk):
        return
    if FacebookPost.objects.filter(page_id=instance.pk).exists():
        return
    try:
        with transaction.atomic():
            post = FacebookPost.objects.create(
                page_id=instance.pk,
                revision=revision,
                family=family_of(instance).key,
                message=message,
                link=page_url(instance),
            )
            enqueue(post.pk)
    except IntegrityError:  # queued at the same moment by another process: that one is the post
        return
