"""The signals of home/, connected by `HomeConfig.ready()`: the page cache (see home.cache) is purged when what
visitors see changes; a publication records its change notes; `migrate` makes the database cache table."""

from django.apps import apps
from django.core.management import call_command
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import CollectionViewRestriction, ModelLogEntry, Page, PageLogEntry, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.cache import purge_all
from home.change_notes import record_published_changes
from home.models import SchoolTexts

# Saving or deleting any of these changes pages without a page being published.
CONTENT_MODELS = (Site, BaseSiteSetting, BaseGenericSetting, AbstractImage, AbstractDocument)
# Who may see a page or a collection's documents (on cached pages and results pages), new ones included;
# the school's texts in a language (a new translation replaces the Vietnamese fallback at once).
RESTRICTION_MODELS = (PageViewRestriction, CollectionViewRestriction, SchoolTexts)


def purge_on_page_change(sender, **kwargs):
    purge_all()


def purge_on_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:  # loaddata (restore): the index and cache are rebuilt afterwards anyway
        return
    # A live page saved directly (not through a revision) changes what visitors see at once.
    if isinstance(instance, Page):
        if instance.live:
            purge_all()
    # A new image, document or settings row (settings are created with their defaults on first
    # read, in the middle of rendering a page) changes no page that is already cached.
    elif isinstance(instance, CONTENT_MODELS) and not created or isinstance(instance, RESTRICTION_MODELS):
        purge_all()


def purge_on_log_entry(sender, instance, created=False, raw=False, **kwargs):
    # Whatever Wagtail logs (settings, snippets, view restrictions, workflow steps) may change a page.
    if created and not raw:
        purge_all()


def purge_on_delete(sender, instance, **kwargs):
    if isinstance(instance, (Page, *CONTENT_MODELS, *RESTRICTION_MODELS)):
        purge_all()


def create_cache_table(using="default", **kwargs):
    """The database cache table (the embedded default of the shared cache, site_lak/env.py) is made by every
    `migrate`: make run, make serve, the release step, CI and each test database. It does nothing when the
    table exists or `CACHE_URL` names Redis."""
    call_command("createcachetable", database=using, verbosity=0)


def connect():
    page_published.connect(record_published_changes, dispatch_uid="home.change_notes.record_published_changes")
    post_migrate.connect(create_cache_table, sender=apps.get_app_config("home"), dispatch_uid="home.create_cache_table")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_on_page_change, dispatch_uid=f"home.cache.{signal!r}")
    post_save.connect(purge_on_save, dispatch_uid="home.cache.post_save")
    post_delete.connect(purge_on_delete, dispatch_uid="home.cache.post_delete")
    for log_model in (PageLogEntry, ModelLogEntry):
        post_save.connect(purge_on_log_entry, sender=log_model, dispatch_uid=f"home.cache.log.{log_model.__name__}")
