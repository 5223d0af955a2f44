"""The Vietnamese variants of modelsearch's OpenSearch/Elasticsearch backends.

Text fields use an analyzer with `asciifolding(preserve_original)`, so a word is indexed both as written and
folded and a query in either form matches; a `.exact` sub-field (no folding) and a phrase clause add score,
so exact diacritics and whole phrases rank higher. Autocomplete fields are searched with a folding analyzer
too (wagtail/wagtail#13005: stock Wagtail indexes them folded but searches them with `standard`, so accented
prefixes find nothing). Page documents also carry the filter and facet fields of search_backends.engine_facets.
"""

import logging

from modelsearch.index import get_indexed_models
from modelsearch.query import PlainText
from wagtail.models import Page

from search.stored import stored_fields, visibility_fields, visibility_mapping
from search.upstream import AUTOCOMPLETE_ANALYZER_CONFIG, AUTOCOMPLETE_ANALYZERS
from search_backends.engine_facets import engine_document_fields, engine_mapping
from search_backends.prepare import normalise_value, prepare_query

ANALYSIS = {
    "analyzer": {
        # Indexed and searched: each word as written and folded, at the same position.
        "vi_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "vi_asciifolding"]},
        # The `.exact` sub-field: no folding, so a query with the same diacritics scores higher.
        "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        # Autocomplete: folded edge n-grams, searched folded (not `standard`: an upstream gap, search/upstream.py).
        **AUTOCOMPLETE_ANALYZERS,
    },
    "filter": {"vi_asciifolding": {"type": "asciifolding", "preserve_original": True}},
}
logger = logging.getLogger(__name__)

EXACT_SUBFIELD = "exact"
EXACT_BOOST = 1.5
PHRASE_BOOST = 3.0


def _add_vietnamese_analyzers(properties):
    for mapping in properties.values():
        if mapping.get("type") == "nested":
            _add_vietnamese_analyzers(mapping["properties"])
        elif mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = "vi_folded"
            mapping["fields"] = {EXACT_SUBFIELD: {"type": "text", "analyzer": "vi_exact"}}


class VietnameseMappingMixin:
    edgengram_analyzer_config = AUTOCOMPLETE_ANALYZER_CONFIG

    def _is_page(self):
        return issubclass(self.model, Page)

    def get_mapping(self):
        mapping = super().get_mapping()
        _add_vietnamese_analyzers(mapping["properties"])
        if self._is_page():
            mapping["properties"].update(engine_mapping())
            mapping["properties"].update(visibility_mapping())
            mapping["properties"]["display"] = {"type": "object", "enabled": False}  # kept, not searched
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if self._is_page():
            document.update(engine_document_fields(obj))
            # What a result shows and who may see it (search.stored): a search needs no database query.
            document.update(visibility_fields(obj))
            document["display"] = stored_fields(obj)
        return document

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        return name, normalise_value(value), normalise_value(edgengrams)


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


class MappedIndexMixin:
    """An index is written to only once it exists with the site's mapping. Without this, the first page saved
    before `update_index` ever ran (`bootstrap_site` on a new engine, an import) makes the engine create the
    index with a mapping it guesses: no Vietnamese analyzers, no stored fields, and hits without the id
    modelsearch reads, so every search fails and is answered by the database until someone runs
    `update_index`. A missing index is made here as `update_index` would make it (settings, then each
    model's mapping); the names found are remembered by the process, so a write costs one look per index."""

    known_indexes = set()

    def _exists_with_mapping(self):
        if self.name in MappedIndexMixin.known_indexes:
            return
        if not self.exists():
            try:
                self.put()
            except Exception:  # another process made it in between, or the engine refused it
                if not self.exists():
                    raise
            else:
                for model in get_indexed_models():
                    if self.backend.get_index_for_model(model).name == self.name:
                        self.add_model(model)
                logger.warning("the search index %s was missing: made with the site's mapping", self.name)
        MappedIndexMixin.known_indexes.add(self.name)

    def add_item(self, item):
        self._exists_with_mapping()
        return super().add_item(item)

    def add_items(self, model, items):
        self._exists_with_mapping()
        return super().add_items(model, items)


def _rebuilder_class(base_rebuilder):
    """modelsearch's atomic rebuilder (a new index, then the alias switched to it), merging first."""

    def finish(self):
        self.index.refresh()  # the documents still in the indexing buffer become segments to merge
        force_merge(self.index)
        base_rebuilder.finish(self)

    return type(f"Merging{base_rebuilder.__name__}", (base_rebuilder,), {"finish": finish})


def elasticsearch_backend(module):
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
            "index_class": type(f"Vietnamese{name}Index", (MappedIndexMixin, base_backend.index_class), {}),
            "vietnamese": True,
            "engine_facets": True,  # run_search filters and counts facets in the engine (multi_search)
        },
    )
