"""Page families: each family of pages describes itself once, on its own page classes.

A content page class (news article, policy, …) carries `family = PageFamily(...)`; the index page that holds
a family under each home page carries `section = Section(...)`. Search (types, facets, result fields),
editorial (re-approval, plan coverage), bootstrap (the page tree) and the archive import read these
declarations through the functions below, so adding a page family touches only its own app and
no app names another app's page models (tests/core/test_architecture.py).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from wagtail.models import Page


@dataclass(frozen=True)
class Section:
    """Where `bootstrap_site` puts an index page, directly under each home page, in menu order; `crawled=False`
    when robots.txt keeps crawlers out of it (search results: endless combinations of queries)."""

    order: int
    slug: str
    title: str
    en_slug: str
    en_title: str
    crawled: bool = True


@dataclass(frozen=True)
class Archive:
    """How the archive import (core/archive, docs/archive-import.md) makes a page of a family from one record;
    the record's "type" is the family's key.

    - `fields`: function(record, warnings) -> {model field: value} read from the record (title, slug, summary,
      body, tags, locale and live are the importer's); raise `core.archive.records.ArchiveRecordError` to reject
      the line, append to `warnings` for values accepted with a correction; keys starting with "__" are not
      fields but go to `after_save`;
    - `after_save`: function(page, record, extras) called once the page has its primary key and before its
      revision is saved, with the "__" keys (inline children such as key dates), or None;
    - `body_field`: where the record's sanitised "body" goes (a StreamField gets one paragraph block).
    """

    fields: Callable
    after_save: Callable | None = None
    body_field: str = "body"


@dataclass(frozen=True)
class PageFamily:
    """What the rest of the site needs to know about one family of content pages.

    - `key`: the family's name in search (`?type=news`), results and the archive import's "type";
    - `label`: its display name in search facets and result cards;
    - `date_field`: the field giving a page's own date (else its first publication);
    - `facets`: extra search dimensions → the page field holding the value ("category": "category");
    - `facet_choices`: dimension → the `TextChoices` that name its values;
    - `facet_titles`: dimension → the heading of its group of facets on the search page;
    - `exact_facets`: dimensions whose filter compares values as stored (choice keys); the others compare
      them without accents or case (free text, typed in the API: "bo giao duc" finds "Bộ Giáo dục");
    - `result_fields`: fields a search result shows besides title, date and summary (a document number);
    - `reapproval`: whether every edit during moderation restarts the workflow — True, False, or a function
      of the page (rebuttals among news articles);
    - `plan_area`: the content area of the communications plan a published page counts for — a value, a
      function of the page, or None when the family is not a communication item;
    - `archive`: how the archive import makes a page of this family (`Archive`), or None when it cannot;
    - `facebook`: whether the editor's "Post to Facebook" box starts ticked on the family's pages (social/).
    """

    key: str
    label: Any
    date_field: str | None = None
    facets: dict = field(default_factory=dict)
    facet_choices: dict = field(default_factory=dict)
    facet_titles: dict = field(default_factory=dict)
    exact_facets: tuple = ()
    result_fields: tuple = ()
    reapproval: Any = False
    plan_area: Any = None
    archive: Archive | None = None
    facebook: bool = False

    def requires_reapproval(self, page):
        return self.reapproval(page) if callable(self.reapproval) else bool(self.reapproval)

    def plan_area_of(self, page):
        return self.plan_area(page) if callable(self.plan_area) else self.plan_area


@functools.cache
def _declared(attribute):
    """(model, declaration) for every page model that declares `attribute` itself (not inherited). Read once per
    process: the declarations are code, the same in every worker, and search asks for them on every request."""
    return tuple(
        (model, model.__dict__[attribute])
        for model in apps.get_models()
        if issubclass(model, Page) and attribute in model.__dict__
    )


def page_families():
    """{family key: page model}, in the order the apps are installed."""
    return {family.key: model for model, family in _declared("family")}


def family_of(page_or_model):
    """The `PageFamily` of a page or page model, or None for pages outside every family."""
    return getattr(type(page_or_model) if isinstance(page_or_model, Page) else page_or_model, "family", None)


def sections():
    """[(index page model, Section)] in menu order."""
    return sorted(_declared("section"), key=lambda pair: pair[1].order)
