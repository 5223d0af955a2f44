"""The one search function behind the HTML search page and the JSON API.

`run_search(params, user, locale)` validates the parameters (search.params), asks the search backend (the
engine, or the database backend when the engine is down: search.hits), keeps only what the requester may see
(live pages in the locale: public ones for everybody, intranet ones for staff; documents in public
collections: search.visibility, search.results), then filters, facets (search.facets), sorts, paginates,
highlights (search.snippets), suggests (search.suggestions) and records the query (search_analytics.records).
Filters and facets work on the backend's best hits (at most MAX_HITS). On an engine (OpenSearch/Elasticsearch)
the filters and facet counts are applied by the engine over every match (search_backends.engine_facets,
search_backends.multi_search), so they stay exact at any size; on the database backend they are computed
here, on those best hits.
"""

import datetime
import functools
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page

from accounts.staff import is_staff
from core.vietnamese import clean_query, normalise
from search import cache as search_cache
from search.facets import facet_counts, matches, merged_counts, ordered_facets, page_model
from search.hits import backend_hits
from search.params import (
    MAX_QUERY_LENGTH,
    PAGE_SIZE,
    SearchParamsForm,
    chosen_filters,
    form_errors,
    shown_filters,
    type_labels,
)
from search.promotions import promoted_hits
from search.results import MAX_ENGINE_HITS, HitWindow, SearchOutcome, load_shown_pages, resolved_hits, show_stored
from search.snippets import document_texts, highlight, page_snippet
from search.stored import stored_fields, visibility_clauses
from search.suggestions import autocomplete, better_spelling
from search.synonyms import query_variants
from search.visibility import documents_still_visible, visible_pages
from search_analytics.records import record_outcome

SHOWN_MARGIN = 3  # engine hits fetched beyond the page shown, for those the database check drops


class Scope:
    """What one search covers: who asks, in which locale, with which filters; the documents (None when not
    searched). For an engine: the live pages of the locale of the type asked for (`engine_pages`) and who
    may see which (`engine_visibility`, index filters: no database). For the database backend, read only
    when it is used: the pages the reader may see (`visible`) and those of the type asked for (`pages`)."""

    def __init__(self, user, locale, filters, documents, request, suggest_text=""):
        self.user = user
        self.locale = locale
        self.filters = filters
        self.documents = documents
        self.request = request
        self.model = page_model(filters.get("type"))
        engine_pages = Page.objects.live().filter(locale=locale)
        if self.model is not None:
            engine_pages = engine_pages.type(self.model)
        self.engine_pages = engine_pages
        self.engine_visibility = visibility_clauses(user)
        # With `suggest_text`, an engine also sends the titles that complete it (`suggested`: [(title, url)]).
        self.suggest_text = suggest_text
        self.suggest_pages = Page.objects.live().filter(locale=locale)
        self.suggested = None
        # {page pk: whether the database still shows it to `user`}, for the pages this search checked
        # (search.results.still_visible): the results and the suggestions of one round trip share one query.
        self.checked = {}

    @functools.cached_property
    def visible(self):
        # For visitors, once per content version: the withdrawn ids and view restrictions.
        return visible_pages(self.user, self.locale, for_backend=True, request=self.request)

    @functools.cached_property
    def pages(self):
        if self.filters.get("type") == "document":
            return self.visible.none()
        return self.visible.type(self.model) if self.model is not None else self.visible


def run_search(params, user, locale, record=True, with_suggestions=False, request=None):
    """Search for `params` (a QueryDict or dict), as `user`, in `locale`; returns a SearchOutcome.
    `with_suggestions`: also the titles that complete the query (the search page's no-JS fallback).
    Anonymous searches are answered from search.cache when the same one ran a moment ago; `request`,
    when there is one, holds the content version the page cache already read."""
    form = SearchParamsForm(params)
    outcome = SearchOutcome()
    if not form.is_valid():
        outcome.errors = form_errors(form)
        outcome.query = (params.get("q") or "")[:MAX_QUERY_LENGTH]
        return outcome
    data = form.cleaned_data
    raw = data.get("q") or ""
    text = clean_query(raw, MAX_QUERY_LENGTH)
    outcome.query = normalise(raw)
    filters = chosen_filters(data)
    outcome.filters = shown_filters(filters, data)
    if not text:
        if raw:
            outcome.notices.append(_("Type at least one word or number to search for."))
        return outcome
    if request is None:  # the content version is then read once for this search (home.cache.content_version)
        request = SimpleNamespace()
    outcome = _cached_or_searched(outcome, text, data, filters, user, locale, with_suggestions, request)
    if record:
        outcome.record_id = record_outcome(text, locale, outcome, filters.get("type", ""))
    return outcome


def _cached_or_searched(outcome, text, data, filters, user, locale, with_suggestions, request):
    """The anonymous results cache's answer to the same search, or the search run (and kept)."""
    cache_key = None
    if search_cache.timeout() > 0 and not is_staff(user):
        cache_key = search_cache.key(data, locale, with_suggestions, request)
        cached = search_cache.lookup(cache_key, lambda documents: documents_still_visible(documents, user))
        if cached is not None:
            return cached
    scope = _scope(user, locale, filters, request, clean_query(outcome.query) if with_suggestions else "")
    _search(outcome, text, data, scope, request)
    if with_suggestions:  # from the engine's round trip, or asked for (the database backend answered)
        outcome.suggestions = (
            scope.suggested if scope.suggested is not None else autocomplete(outcome.query, user, locale, limit=5)
        )
    if cache_key is not None and not outcome.fallback:  # the engine may answer the next one
        search_cache.store(cache_key, outcome)
    return outcome


def _scope(user, locale, filters, request, suggest_text):
    documents = None
    if filters.get("type") in (None, "document"):
        # Collections are not a filter field of documents in the index: who may see a document is
        # checked in the database on the hits (search.results.resolved_hits).
        documents = get_document_model().objects.all()
    return Scope(user, locale, filters, documents, request, suggest_text)


def _search(outcome, text, data, scope, request):
    """The search itself: fills `outcome` (results, count, facets, promoted, notices, suggestion)."""
    newest_first = data.get("sort") == "newest"
    page_size = data.get("page_size") or PAGE_SIZE
    outcome.promoted = promoted_hits(text, lambda: scope.visible, scope.filters, request)
    shown_up_to = (data.get("page") or 1) * page_size
    found, resolved, matching = _fetch(text, scope, outcome.promoted, newest_first, shown_up_to)
    outcome.backend = found.backend
    outcome.fallback = found.fallback
    outcome.notices.extend(found.notices)
    outcome.facets = _facets(found, resolved, scope.filters)
    _sort(matching, newest_first)
    outcome.count = len(matching) + max(found.unfetched, 0)
    paginator = Paginator(HitWindow(matching, min(outcome.count, MAX_ENGINE_HITS)), page_size)
    outcome.results = paginator.page(min(data.get("page") or 1, paginator.num_pages))
    _show(outcome, text, scope.locale.language_code)
    if found.relaxed or (not outcome.count and not outcome.promoted):
        outcome.suggestion = better_spelling(text, outcome.count, scope, SHOWN_MARGIN)
    if not outcome.count and not outcome.promoted:
        outcome.notices.append(_("No results. Try fewer or different words."))


def _fetch(text, scope, promoted, newest_first, shown_up_to):
    """The backend's hits (search.hits.BackendHits), those the database shows, and those of them that pass
    the filters, leaving out the promoted pages (shown above the results). An engine sends the best hits up
    to the page shown, plus the promoted pages and a few for the database check to drop; should more be
    dropped, the page is asked for again with twice as many."""
    promoted_keys = {(hit.type, hit.pk) for hit in promoted}
    wanted = shown_up_to + len(promoted) + SHOWN_MARGIN
    while True:
        found = backend_hits(text, scope, newest_first, wanted)
        resolved = [hit for hit in resolved_hits(found, scope) if (hit.type, hit.pk) not in promoted_keys]
        matching = [hit for hit in resolved if matches(hit, scope.filters)]
        if found.unfetched <= 0 or len(matching) >= shown_up_to or wanted >= MAX_ENGINE_HITS:
            return found, resolved, matching
        wanted = min(wanted * 2, MAX_ENGINE_HITS)


def _facets(found, resolved, filters):
    """The engine filtered the pages, or more pages matched than were fetched: facets (each counted without
    its own filter) come from the engine, plus the documents found here. Otherwise every hit is here,
    checked in the database, and counted here."""
    labels = type_labels()
    if found.engine is not None and (found.unfetched > 0 or filters):
        documents_found = [hit for hit in resolved if hit.type == "document"]
        return ordered_facets(merged_counts(found.engine.counts, facet_counts(documents_found, filters)), labels)
    return ordered_facets(facet_counts(resolved, filters), labels)


def _sort(hits, newest_first):
    if newest_first:
        hits.sort(key=lambda hit: (hit.date or datetime.date.min, hit.score), reverse=True)
    else:
        hits.sort(key=lambda hit: hit.score, reverse=True)


def _show(outcome, text, locale_code):
    """The promoted and shown hits get their URL, snippet and highlighted title: from what the engine sent
    (stored fields, its highlighted excerpt), or on the database backend from the stored fields of their pages
    (search.stored, computed here) and their text. Either way the same Hit fields reach the template."""
    shown = outcome.promoted + list(outcome.results)
    load_shown_pages(shown)
    words = text.split()
    for variant in query_variants(text)[1:]:
        words.extend(variant.split())
    texts = document_texts([hit.pk for hit in shown if hit.type == "document"])
    for hit in shown:
        if hit.type == "document":
            hit.snippet = highlight(texts.get(hit.pk, ""), words)
        elif hit.page is None:  # an engine's hit: its stored fields
            hit.snippet = mark_safe(hit.highlight) if hit.highlight else highlight(hit.summary, words)  # noqa: S308 — escaped by the engine (encoder html)
        else:
            show_stored(hit, stored_fields(hit.page, locale_code, thumbnail=False))
            hit.snippet = page_snippet(hit.page, words)
        hit.title_html = highlight(normalise(hit.title), words, length=1000)
