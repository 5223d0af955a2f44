"""Search backends that understand Vietnamese: the same behaviour on OpenSearch/Elasticsearch and on the
database backend (SQLite FTS5, PostgreSQL).

Every backend indexes text normalised by `core.vietnamese.normalise` (NFC, one tone placement) and
normalises the query the same way. Accents are then handled where each engine can:

* OpenSearch / Elasticsearch: text fields use an analyzer with `asciifolding(preserve_original)`, so a
  word is indexed both as written and folded and a query in either form matches; a `.exact` sub-field
  (no folding) and a phrase clause add score, so exact diacritics and whole phrases rank higher.
  Autocomplete fields are searched with a folding analyzer too (wagtail/wagtail#13005: stock Wagtail
  indexes them folded but searches them with `standard`, so accented prefixes find nothing).
* Database backend: the indexed text is followed by its folded form and its separator-split form
  (`vietnamese.index_text`), and a query becomes "as typed OR folded", with the phrase added, so
  unaccented queries match and exact diacritics and phrases score higher.

Point `WAGTAILSEARCH_BACKENDS` at `search_backends.OpenSearch2SearchBackend`, `…OpenSearch3…`,
`…Elasticsearch8…`, `…Elasticsearch9…` or `…DatabaseSearchBackend` (site_lak.env.search_backend does): this
module holds those entry points and the backend kept per process; the rest is in
- `prepare`: normalising indexed values and query trees;
- `engine`: the engine backends (analyzers, mapping, query compilers, merging a rebuilt index);
- `engine_facets`: filters and facets in the engine's query language;
- `multi_search`: several searches in one round trip to the engine;
- `database`: the database backend.
"""

import os
from importlib import import_module

from django.conf import settings
from wagtail.search.backends import get_search_backend

from search_backends.database import DatabaseSearchBackend
from search_backends.engine import elasticsearch_backend
from search_backends.multi_search import EngineSearch, FacetedHits, multi_search

__all__ = ["DatabaseSearchBackend", "EngineSearch", "FacetedHits", "multi_search", "search_backend"]

_backends = {}


def search_backend(name="default"):
    """get_search_backend(name), kept for the process: Wagtail builds a new backend, and for an engine a
    new client with its own connection, on every call (about 1.7 ms a search here, half of it opening
    the connection). Keyed by the backend's settings, so a change of them (tests) takes effect, and by
    the process, so a forked worker never shares a parent's connection."""
    key = (os.getpid(), repr(settings.WAGTAILSEARCH_BACKENDS.get(name)))
    kept_key, backend = _backends.get(name, (None, None))
    if kept_key != key:
        backend = get_search_backend(name)
        _backends[name] = (key, backend)
    return backend


_ENGINE_MODULES = {
    "OpenSearch2SearchBackend": "modelsearch.backends.opensearch2",
    "OpenSearch3SearchBackend": "modelsearch.backends.opensearch3",
    "Elasticsearch8SearchBackend": "modelsearch.backends.elasticsearch8",
    "Elasticsearch9SearchBackend": "modelsearch.backends.elasticsearch9",
}
_ENGINE_BACKENDS = {}


def __getattr__(name):
    """`search_backends.OpenSearch2SearchBackend` etc., built on first use so that only the client
    library of the configured engine has to be installed."""
    if name not in _ENGINE_MODULES:
        raise AttributeError(name)
    if name not in _ENGINE_BACKENDS:
        _ENGINE_BACKENDS[name] = elasticsearch_backend(import_module(_ENGINE_MODULES[name]))
    return _ENGINE_BACKENDS[name]
