"""Asking the backends: the engine path (one round trip with filters and facets, search_backends.multi_search)
and the database path (the best MAX_HITS, filtered and counted in search.query), the engine first and the
database backend when the engine fails, all words required and then any of them.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from modelsearch.backends.base import FieldError

from documents.models import DocumentText
from search.results import MAX_ENGINE_HITS, MAX_HITS, still_visible
from search.synonyms import build_query
from search_backends import EngineSearch, multi_search, search_backend

logger = logging.getLogger(__name__)

SUGGESTED = 5  # titles that complete the query on the results page (its no-JS fallback)


def backend_names():
    names = ["default"]
    if "database" in settings.WAGTAILSEARCH_BACKENDS:
        names.append("database")
    return names


def _engine_document_hits(document_hits, text_hits):
    """[(kind, document pk, score)] of the documents found by their title and by the text inside the files
    (search.extraction); who may see the document is checked later."""
    hits = [("document", pk, score) for pk, score in document_hits.hits]
    text_documents = dict(
        DocumentText.objects.filter(pk__in=[pk for pk, _score in text_hits.hits]).values_list("pk", "document_id")
    )
    hits.extend(("document_text", text_documents[pk], score) for pk, score in text_hits.hits if pk in text_documents)
    return hits


def engine_hits(backend, query, scope, newest_first, wanted):
    """The engine path: the `wanted` best pages the reader may see (visibility is an index filter:
    search.stored), with what each shows, filtered, with facets counted over every match, and the documents,
    in one round trip. ([(kind, pk, score)], the pages' FacetedHits or None)."""
    filters = scope.filters
    documents = scope.documents
    with_pages = filters.get("type") != "document"
    searches = []
    if with_pages:
        size = min(wanted, MAX_ENGINE_HITS)
        searches.append(
            EngineSearch(query, scope.engine_pages, size, filters, newest_first, visibility=scope.engine_visibility)
        )
    if documents is not None:
        texts = DocumentText.objects.all()
        searches += [EngineSearch(query, documents, MAX_HITS), EngineSearch(query, texts, MAX_HITS)]
    suggest = scope.suggest_text and scope.suggested is None
    if suggest:  # the results page's titles that complete the query, in the same round trip
        searches.append(
            EngineSearch(
                scope.suggest_text,
                scope.suggest_pages,
                SUGGESTED,
                visibility=scope.engine_visibility,
                autocomplete=True,
            )
        )
    found = multi_search(backend, searches)
    if suggest:
        _keep_suggestions(scope, found.pop(), found[0] if with_pages else None)
    hits = []
    engine = None
    if with_pages:
        engine = found.pop(0)
        hits.extend(("page", pk, score) for pk, score in engine.hits)
    if documents is not None:
        hits.extend(_engine_document_hits(*found))
    return hits, engine


def _keep_suggestions(scope, completions, pages):
    """The titles that complete the query, of the pages the database still shows (`scope.suggested`). The pages
    found (`pages`, or None) are checked in the same query: search.results.resolved_hits then asks again."""
    candidates = [pk for pk, _score in completions.hits if pk in completions.stored]
    if pages is not None:
        candidates += [pk for pk, _score in pages.hits if pk in pages.stored]
    shown = still_visible(scope, candidates)
    stored = completions.stored
    scope.suggested = [(stored[pk]["title"], stored[pk]["url"]) for pk, _score in completions.hits if pk in shown]


def _scored(backend, query, queryset, kind, pk_name="pk"):
    results = backend.search(query, queryset).annotate_score("_score")[:MAX_HITS]
    return [(kind, getattr(obj, pk_name), getattr(obj, "_score", 0) or 0) for obj in results]


def database_hits(backend, query, pages, documents):
    """The database path: the MAX_HITS best pages and documents, unfiltered ([(kind, pk, score)], None)."""
    hits = _scored(backend, query, pages, "page")
    if documents is not None:
        hits += _scored(backend, query, documents, "document")
        hits += _scored(backend, query, DocumentText.objects.all(), "document_text", pk_name="document_id")
    return hits, None


def search_hits(backend, query, scope, newest_first, wanted=MAX_HITS):
    """The best hits as [(kind, pk, score)], and the engine's FacetedHits for the pages when the backend
    is an engine (it then applied the filters to the pages itself and counted every match), else None;
    raises if the backend fails. An engine is asked for the `wanted` best pages only, in one round trip
    with the documents; the database backend returns its MAX_HITS best, filtered and counted here."""
    if getattr(backend, "engine_facets", False):
        return engine_hits(backend, query, scope, newest_first, wanted)
    return database_hits(backend, query, scope.pages, scope.documents)


def found_anything(hits, engine):
    """Whether the words matched anything at all, filters aside (else the search is relaxed)."""
    if engine is None:
        return bool(hits)
    return bool(engine.unfiltered_total) or any(kind != "page" for kind, _pk, _score in hits)


@dataclass
class BackendHits:
    """What backend_hits found: the hits, the engine's FacetedHits (None from the database backend),
    whether the words were relaxed to any of them, who answered, and the notices to show."""

    hits: list = field(default_factory=list)
    engine: object = None
    relaxed: bool = False
    backend: str = "none"
    fallback: bool = True
    notices: list = field(default_factory=list)

    @property
    def unfetched(self):
        """Matches the engine counted but did not send (0 from the database backend)."""
        return self.engine.total - len(self.engine.hits) if self.engine is not None else 0


def _all_or_any_words(backend, text, scope, newest_first, wanted):
    """The hits with all the words, or, when that finds nothing, with any of them."""
    hits, engine = search_hits(backend, build_query(text), scope, newest_first, wanted)
    found = BackendHits(hits, engine)
    found.relaxed = not found_anything(hits, engine)
    if found.relaxed:
        relaxed_query = build_query(text, operator="or")
        found.hits, found.engine = search_hits(backend, relaxed_query, scope, newest_first, wanted)
        if found_anything(found.hits, found.engine):
            found.notices.append(_("No result has all the words; showing results with some of them."))
    return found


def backend_hits(text, scope, newest_first, wanted):
    """The hits of the first backend that answers (the engine, then the database backend), all words
    required, or any of them when that finds nothing; never raises. `scope`: search.query.Scope."""
    for name in backend_names():
        try:
            backend = search_backend(name)
            found = _all_or_any_words(backend, text, scope, newest_first, wanted)
        except FieldError:  # a query this code should never build: a bug, logged in full
            logger.exception("search query rejected by backend %s", name)
            continue
        except Exception as error:  # any engine or driver failure: fall back, never a 500
            logger.warning("search failed on backend %s: %s", name, error.__class__.__name__)
            continue
        found.backend = "engine" if name == "default" and hasattr(backend, "es") else "database"
        found.fallback = name != "default"
        if found.fallback:
            found.notices.append(
                _(
                    "The search engine is not answering; these results come from a simpler search "
                    "and may be less complete."
                )
            )
        return found
    return BackendHits(notices=[_("Search is unavailable at the moment. Please try again in a few minutes.")])
