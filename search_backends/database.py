"""The Vietnamese variant of modelsearch's database backend (SQLite FTS5, PostgreSQL).

The indexed text is followed by its folded form and its separator-split form (`vietnamese.index_text`), and a
query becomes "as typed OR folded", with the phrase added, so unaccented queries match and exact diacritics and
phrases score higher.
"""

from modelsearch.backends.database import SearchBackend as upstream_factory

from search.upstream import patch_object_indexer
from search_backends.prepare import prepare_query


class VietnameseDatabaseCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = prepare_query(self.query, folded_variants=True)


def database_backend_class(vendor):
    """The Vietnamese subclass of modelsearch's database backend for `vendor` (sqlite, postgresql)."""
    if vendor == "postgresql":
        # Only the current database's module is imported, as modelsearch does (the PostgreSQL one needs psycopg).
        from modelsearch.backends.database.postgres import postgres as module

        base_backend = module.PostgresSearchBackend
        mixins = (VietnameseDatabaseCompilerMixin,)
    elif vendor == "sqlite":
        # It imports modelsearch's SQLite module: as above, only when it is the database.
        from search_backends import sqlite_ranking

        module = sqlite_ranking.upstream
        base_backend = module.SQLiteSearchBackend
        mixins = (VietnameseDatabaseCompilerMixin, sqlite_ranking.RankedOnceSQLiteCompilerMixin)
    else:
        return None
    patch_object_indexer(module)  # an upstream gap: search/upstream.py
    cached = _DATABASE_BACKENDS.get(vendor)
    if cached:
        return cached
    query_compiler = type("VietnameseSearchQueryCompiler", (*mixins, base_backend.query_compiler_class), {})
    autocomplete_compiler = type(
        "VietnameseAutocompleteQueryCompiler", (*mixins, base_backend.autocomplete_query_compiler_class), {}
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
    backend = upstream_factory(dict(params))
    vendor = {"SQLiteSearchBackend": "sqlite", "PostgresSearchBackend": "postgresql"}.get(type(backend).__name__)
    if vendor is None:
        return backend
    params = dict(params)
    if vendor == "postgresql":
        params.setdefault("SEARCH_CONFIG", "simple")
    return database_backend_class(vendor)(params)
