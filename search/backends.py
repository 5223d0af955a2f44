"""Search backends that understand Vietnamese: the same behaviour on OpenSearch/Elasticsearch and on the
database backend (SQLite FTS5, PostgreSQL).

Every backend indexes text normalised by `search.vietnamese.normalise` (NFC, one tone placement) and
normalises the query the same way. Accents are then handled where each engine can:

* OpenSearch / Elasticsearch: text fields use an analyzer with `asciifolding(preserve_original)`, so a
  word is indexed both as written and folded and a query in either form matches; a `.exact` sub-field
  (no folding) and a phrase clause add score, so exact diacritics and whole phrases rank higher.
  Autocomplete fields are searched with a folding analyzer too (wagtail/wagtail#13005: stock Wagtail
  indexes them folded but searches them with `standard`, so accented prefixes find nothing).
* Database backend: the indexed text is followed by its folded form and its separator-split form
  (`vietnamese.index_text`), and a query becomes "as typed OR folded", with the phrase added, so
  unaccented queries match and exact diacritics and phrases score higher.

Point `WAGTAILSEARCH_BACKENDS` at `search.backends.opensearch2`, `…elasticsearch8`, `…elasticsearch9` or
`…database` (site_lak.env.search_backend does).
"""

import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from wagtail.search.backends import get_search_backend

from search import facets
from search.vietnamese import fold, normalise, split_separators

ANALYSIS = {
    "analyzer": {
        # Indexed and searched: each word as written and folded, at the same position.
        "vi_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "vi_asciifolding"]},
        # The `.exact` sub-field: no folding, so a query with the same diacritics scores higher.
        "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        # Autocomplete: folded edge n-grams, searched folded (not `standard`, see wagtail#13005).
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "edgengram"],
        },
        "vi_folded_plain": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
    "filter": {"vi_asciifolding": {"type": "asciifolding", "preserve_original": True}},
}
logger = logging.getLogger(__name__)

EXACT_SUBFIELD = "exact"
EXACT_BOOST = 1.5
PHRASE_BOOST = 3.0


def _normalise_value(value):
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, list):
        return [_normalise_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalise_value(item) for key, item in value.items()}
    return value


def _query_text(text):
    return " ".join(split_separators(normalise(text)).split())


def prepare_query(query, folded_variants):
    """Normalise every text in a modelsearch query tree; with `folded_variants` (database backend) a text
    query becomes as-typed OR folded, plus its phrase forms when it has several words."""
    if isinstance(query, PlainText):
        text = _query_text(query.query_string)
        if not folded_variants:
            return PlainText(text, operator=query.operator)
        variants = [PlainText(text, operator=query.operator)]
        folded = fold(text)
        if folded != text.lower():
            variants.append(PlainText(folded, operator=query.operator))
        if len(text.split()) > 1:
            variants.append(Phrase(text))
            if folded != text.lower():
                variants.append(Phrase(folded))
        return variants[0] if len(variants) == 1 else Or(variants)
    if isinstance(query, Phrase):
        text = _query_text(query.query_string)
        if folded_variants and fold(text) != text.lower():
            return Or([Phrase(text), Phrase(fold(text))])
        return Phrase(text)
    if isinstance(query, Fuzzy):
        return Fuzzy(normalise(query.query_string), operator=query.operator)
    if isinstance(query, (And, Or)):
        return type(query)([prepare_query(sub, folded_variants) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(prepare_query(query.subquery, folded_variants))
    if isinstance(query, Boost):
        return Boost(prepare_query(query.subquery, folded_variants), query.boost)
    return query


# --- OpenSearch / Elasticsearch -----------------------------------------------------------------------


def _add_vietnamese_analyzers(properties):
    for mapping in properties.values():
        if mapping.get("type") == "nested":
            _add_vietnamese_analyzers(mapping["properties"])
        elif mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = "vi_folded"
            mapping["fields"] = {EXACT_SUBFIELD: {"type": "text", "analyzer": "vi_exact"}}


class VietnameseMappingMixin:
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "vi_folded_plain"}

    def _is_page(self):
        from wagtail.models import Page

        return issubclass(self.model, Page)

    def get_mapping(self):
        mapping = super().get_mapping()
        _add_vietnamese_analyzers(mapping["properties"])
        if self._is_page():
            mapping["properties"].update(facets.ENGINE_MAPPING)
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if self._is_page():
            document.update(facets.engine_document_fields(obj))
        return document

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        return name, _normalise_value(value), _normalise_value(edgengrams)


@dataclass
class FacetedHits:
    """The best hits of a filtered engine search, with exact counts over every match."""

    hits: list = field(default_factory=list)  # [(pk, score)], best first (or newest first)
    total: int = 0  # matches with the filters
    unfiltered_total: int = 0  # matches without them
    counts: dict = field(default_factory=dict)  # {dimension: {value: count}}, each without its own filter


RESCORE_WINDOW = 100


@dataclass
class EngineSearch:
    """One search of `multi_search`. With `filters` (a dict, maybe empty) the search is faceted: the
    filters are applied by the engine as a post filter, so the facets, each counted without its own
    filter, see every match."""

    query: object
    queryset: object
    size: int
    filters: dict | None = None
    newest_first: bool = False


class EngineSearchError(Exception):
    """The engine refused one search of a multi-search (the others may have succeeded)."""


def _engine_body(results, search):
    compiler = results.query_compiler
    # Sorting by date leaves scores aside, and an engine refuses a rescore with a sort.
    compiler.collect_boosts = not search.newest_first and hasattr(compiler, "boost_clauses")
    body = results._get_es_body(for_count=search.filters is not None)
    if compiler.collect_boosts and compiler.boost_clauses:
        # Scoring the phrase and exact-form clauses on thousands of matches costs more than the
        # match itself; the best RESCORE_WINDOW hits by the folded match get them, which decides the
        # order of every page anyone looks at.
        body["rescore"] = {
            "window_size": max(RESCORE_WINDOW, search.size),
            "query": {"rescore_query": {"bool": {"should": compiler.boost_clauses}}},
        }
    body["track_total_hits"] = True
    if search.filters is not None:
        clauses = facets.engine_filters(search.filters)
        if clauses:
            body["post_filter"] = {"bool": {"filter": list(clauses.values())}}
        body["aggs"] = facets.engine_aggregations(clauses)
        if clauses:  # the matches before the filters (without filters, the total)
            body["aggs"]["all_matches"] = {"filter": {"match_all": {}}}
        if search.newest_first:
            body["sort"] = [{facets.ENGINE_FIELDS["date"]: {"order": "desc", "missing": "_last"}}, "_score"]
            body["track_scores"] = True
    body.update({"size": search.size, "_source": False, results.fields_param_name: ["pk"]})
    return body


def _engine_hits(response):
    if "error" in response:
        raise EngineSearchError(str(response["error"])[:500])
    hits = response["hits"]
    total = hits["total"]["value"] if isinstance(hits["total"], dict) else hits["total"]
    aggregations = response.get("aggregations", {})
    return FacetedHits(
        hits=[(int(hit["fields"]["pk"][0]), hit.get("_score") or 0) for hit in hits["hits"]],
        total=total,
        unfiltered_total=aggregations.get("all_matches", {}).get("doc_count", total),
        counts=facets.counts_from_aggregations(aggregations),
    )


def multi_search(backend, searches):
    """Run `searches` (EngineSearch) in one round trip to the engine (`_msearch`); a FacetedHits each,
    in order. Only primary keys and scores come back: nothing is read from the database here."""
    requests = []
    slots = []
    for search in searches:
        results = backend.search(search.query, search.queryset)
        if not hasattr(results, "query_compiler"):  # nothing to search for
            slots.append(None)
            continue
        slots.append(len(requests) // 2)
        index = backend.get_index_for_model(search.queryset.model).name
        requests += [{"index": index}, _engine_body(results, search)]
    if not requests:
        return [FacetedHits() for _search in searches]
    if getattr(backend, "use_new_elasticsearch_api", False):
        responses = backend.es.msearch(searches=requests)["responses"]
    else:
        responses = backend.es.msearch(body=requests)["responses"]
    return [FacetedHits() if slot is None else _engine_hits(responses[slot]) for slot in slots]


class VietnameseQueryCompilerMixin:
    """Normalises the query; the match on folded fields is kept and exact-form and phrase clauses add score."""

    boost_exact_and_phrase = True
    # multi_search sets it: the exact-form and phrase clauses are collected in `boost_clauses` and
    # score only the best hits (a rescore), instead of being scored on every match.
    collect_boosts = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = prepare_query(self.query, folded_variants=False)
        self.boost_clauses = []

    def get_query(self):
        self.boost_clauses = []
        return super().get_query()

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        base = super()._compile_plaintext_query(query, fields, boost)
        if not self.boost_exact_and_phrase:
            return base
        field_class = type(fields[0])
        exact_fields = [field_class(f"{f.field_name}.{EXACT_SUBFIELD}", f.boost) for f in fields]
        exact = super()._compile_plaintext_query(PlainText(query.query_string), exact_fields, boost * EXACT_BOOST)
        should = [exact]
        if len(query.query_string.split()) > 1:
            should.append(
                {
                    "multi_match": {
                        "query": query.query_string,
                        "type": "phrase",
                        "fields": [f.field_name_with_boost for f in fields],
                        "boost": boost * PHRASE_BOOST,
                    }
                }
            )
        if self.collect_boosts:
            self.boost_clauses.extend(should)
            return base
        return {"bool": {"must": [base], "should": should}}


class VietnameseAutocompleteCompilerMixin(VietnameseQueryCompilerMixin):
    boost_exact_and_phrase = False


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


# A rebuilt index is merged to one segment before it replaces the old one (seconds for 50,000 pages).
FORCE_MERGE_TIMEOUT = 30 * 60


def force_merge(index):
    """Merge `index` (an engine index object) to one segment per shard: a search reads every segment, so
    a freshly built index, whose documents sit in a dozen segments, answers faster merged (4–5 ms of
    15 at 50,000 pages, docs/search.md). Done before the index is in use; a failure is only logged,
    as the index is complete either way."""
    es = index.es
    try:
        if hasattr(es, "options"):  # the elasticsearch client: transport options go through options()
            es.options(request_timeout=FORCE_MERGE_TIMEOUT).indices.forcemerge(index=index.name, max_num_segments=1)
        else:
            es.indices.forcemerge(index=index.name, max_num_segments=1, request_timeout=FORCE_MERGE_TIMEOUT)
    except Exception as error:
        logger.warning("could not merge the rebuilt index %s: %s", index.name, error)


def _rebuilder_class(base_rebuilder):
    """modelsearch's atomic rebuilder (a new index, then the alias switched to it), merging first."""

    def finish(self):
        self.index.refresh()  # the documents still in the indexing buffer become segments to merge
        force_merge(self.index)
        base_rebuilder.finish(self)

    return type(f"Merging{base_rebuilder.__name__}", (base_rebuilder,), {"finish": finish})


def _elasticsearch_backend(module):
    """Build the Vietnamese variant of one of modelsearch's Elasticsearch-family backend modules."""
    name = module.SearchBackend.__name__.replace("SearchBackend", "")
    base_backend = module.SearchBackend
    mapping_class = type(f"Vietnamese{name}Mapping", (VietnameseMappingMixin, base_backend.mapping_class), {})
    query_compiler_class = type(
        f"Vietnamese{name}SearchQueryCompiler",
        (VietnameseQueryCompilerMixin, base_backend.query_compiler_class),
        {"mapping_class": mapping_class},
    )
    autocomplete_compiler_class = type(
        f"Vietnamese{name}AutocompleteQueryCompiler",
        (VietnameseAutocompleteCompilerMixin, base_backend.autocomplete_query_compiler_class),
        {"mapping_class": mapping_class},
    )

    def __init__(self, params):
        base_backend.__init__(self, params)
        analysis = self.settings.setdefault("settings", {}).setdefault("analysis", {})
        for key, value in ANALYSIS.items():
            analysis.setdefault(key, {}).update(value)

    return type(
        f"Vietnamese{name}SearchBackend",
        (base_backend,),
        {
            "__init__": __init__,
            "mapping_class": mapping_class,
            "query_compiler_class": query_compiler_class,
            "autocomplete_query_compiler_class": autocomplete_compiler_class,
            "atomic_rebuilder_class": _rebuilder_class(base_backend.atomic_rebuilder_class),
            "vietnamese": True,
            "engine_facets": True,  # run_search filters and counts facets in the engine (multi_search)
        },
    )


# --- Database backend ---------------------------------------------------------------------------------


class VietnameseDatabaseCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = prepare_query(self.query, folded_variants=True)


def _patch_object_indexer(module):
    """The database backends build index rows with a module-level `ObjectIndexer` whose `prepare_value`
    turns a field value into text. Replace it, once, by a subclass that adds the folded forms for our
    backends only (stock backends, without `vietnamese`, are unaffected)."""
    from search.vietnamese import index_text

    original = module.ObjectIndexer
    if getattr(original, "vietnamese_patch", False):
        return

    class VietnameseObjectIndexer(original):
        vietnamese_patch = True

        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.vietnamese = getattr(backend, "vietnamese", False)
            self._prepared = {}

        def prepare_field(self, obj, field):
            # The indexer's title, body, autocomplete and plain-text columns each walk every search
            # field of the object again (five reads of a StreamField, five queries per related field):
            # the object's own fields are prepared once.
            if obj is not self.obj:
                yield from super().prepare_field(obj, field)
                return
            if id(field) not in self._prepared:
                self._prepared[id(field)] = (field, list(super().prepare_field(obj, field)))
            yield from self._prepared[id(field)][1]

        def prepare_value(self, value):
            text = super().prepare_value(value)
            return index_text(text) if self.vietnamese else text

    module.ObjectIndexer = VietnameseObjectIndexer


def database_backend_class(vendor):
    """The Vietnamese subclass of modelsearch's database backend for `vendor` (sqlite, postgresql)."""
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres import postgres as module

        base_backend = module.PostgresSearchBackend
    elif vendor == "sqlite":
        from modelsearch.backends.database.sqlite import sqlite as module

        base_backend = module.SQLiteSearchBackend
    else:
        return None
    _patch_object_indexer(module)
    cached = _DATABASE_BACKENDS.get(vendor)
    if cached:
        return cached
    query_compiler = type(
        "VietnameseSearchQueryCompiler", (VietnameseDatabaseCompilerMixin, base_backend.query_compiler_class), {}
    )
    autocomplete_compiler = type(
        "VietnameseAutocompleteQueryCompiler",
        (VietnameseDatabaseCompilerMixin, base_backend.autocomplete_query_compiler_class),
        {},
    )
    cls = type(
        f"Vietnamese{base_backend.__name__}",
        (base_backend,),
        {
            "query_compiler_class": query_compiler,
            "autocomplete_query_compiler_class": autocomplete_compiler,
            "vietnamese": True,
        },
    )
    _DATABASE_BACKENDS[vendor] = cls
    return cls


_DATABASE_BACKENDS = {}


def DatabaseSearchBackend(params):  # noqa: N802 — called like a class by modelsearch's backend loader
    """modelsearch's database backend for the current database, with the Vietnamese behaviour when it
    is SQLite FTS5 or PostgreSQL (other databases get the stock backend)."""
    from modelsearch.backends.database import SearchBackend as upstream_factory

    backend = upstream_factory(dict(params))
    vendor = {"SQLiteSearchBackend": "sqlite", "PostgresSearchBackend": "postgresql"}.get(type(backend).__name__)
    if vendor is None:
        return backend
    params = dict(params)
    if vendor == "postgresql":
        params.setdefault("SEARCH_CONFIG", "simple")
    return database_backend_class(vendor)(params)


_ENGINE_MODULES = {
    "OpenSearch2SearchBackend": "modelsearch.backends.opensearch2",
    "OpenSearch3SearchBackend": "modelsearch.backends.opensearch3",
    "Elasticsearch8SearchBackend": "modelsearch.backends.elasticsearch8",
    "Elasticsearch9SearchBackend": "modelsearch.backends.elasticsearch9",
}
_ENGINE_BACKENDS = {}


def __getattr__(name):
    """`search.backends.OpenSearch2SearchBackend` etc., built on first use so that only the client
    library of the configured engine has to be installed."""
    if name not in _ENGINE_MODULES:
        raise AttributeError(name)
    if name not in _ENGINE_BACKENDS:
        from importlib import import_module

        _ENGINE_BACKENDS[name] = _elasticsearch_backend(import_module(_ENGINE_MODULES[name]))
    return _ENGINE_BACKENDS[name]
