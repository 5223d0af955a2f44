"""Workarounds of Wagtail and modelsearch gaps in search (docs/search.md).

- wagtail/wagtail#13005: Wagtail's (and modelsearch's) Elasticsearch-family mappings index autocomplete fields
  folded but search them with the `standard` analyzer (`ElasticsearchBaseMapping.edgengram_analyzer_config`,
  modelsearch/backends/elasticsearchbase.py), so an accented prefix finds nothing. `AUTOCOMPLETE_ANALYZERS` and
  `AUTOCOMPLETE_ANALYZER_CONFIG` (used by search_backends/engine.py) search them folded too. Tripwire:
  tests/search/test_upstream.py `test_stock_wagtail_still_has_13005` (and, on an engine,
  tests/services/test_search_engine.py `test_accented_autocomplete_is_not_wagtail_13005`).
- modelsearch's database backends (modelsearch/backends/database/sqlite/sqlite.py, postgres/postgres.py) have
  no setting for how an index row's text is prepared: they build rows with the `ObjectIndexer` of their
  module. `patch_object_indexer` replaces it, once, by a subclass that adds the folded forms for our backends
  only (stock backends, without `vietnamese`, are unaffected) and prepares each field once. Tripwire:
  tests/search/test_upstream.py `test_upstream_gap_database_rows_are_built_by_the_modules_object_indexer`.
"""

from core.vietnamese import index_text

AUTOCOMPLETE_ANALYZERS = {
    "edgengram_analyzer": {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "edgengram"],
    },
    "vi_folded_plain": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
}
AUTOCOMPLETE_ANALYZER_CONFIG = {"analyzer": "edgengram_analyzer", "search_analyzer": "vi_folded_plain"}


def patch_object_indexer(module):
    """The database backends build index rows with a module-level `ObjectIndexer` whose `prepare_value`
    turns a field value into text. Replace it, once, by a subclass that adds the folded forms for our
    backends only (stock backends, without `vietnamese`, are unaffected)."""
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
