"""Factories that build published pages under the bootstrapped tree."""

import datetime

from django.conf import settings
from wagtail.models import Page


def section(home, slug):
    return home.get_children().get(slug=slug).specific


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news_page(home, title, slug=None, date=None, **fields):
    from django.utils.text import slugify

    from news.models import NewsPage

    index = section(home, "tin-tuc" if home.locale.language_code == "vi" else "news")
    page = NewsPage(
        title=title, slug=slug or slugify(title)[:80] or "tin", date=date or datetime.date.today(), **fields
    )
    return publish_child(index, page)


def draft_child(parent, page):
    parent.add_child(instance=page)
    page.live = False
    page.save()
    page.save_revision()
    return Page.objects.get(pk=page.pk).specific


def with_other_process_pages():
    """`CACHES` plus "elsewhere", the pages cache of another process: its own memory with the embedded
    default (the generation stays in the shared "default"), the same Redis with CACHE_URL."""
    pages = settings.CACHES["pages"]
    if pages["BACKEND"].endswith("LocMemCache"):
        pages = {**pages, "LOCATION": "other-worker"}
    return {**settings.CACHES, "elsewhere": pages}
