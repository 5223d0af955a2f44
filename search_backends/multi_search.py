"""One round trip to an engine for several searches (`_msearch`), each with its filters and facets.

Only primary keys and scores come back: nothing is read from the database here. A faceted search applies its
filters as a post filter, so the facet counts (each without its own filter) see every match.
"""

import functools
from dataclasses import dataclass, field

from modelsearch.index import SearchField, get_indexed_models
from wagtail.models import Page

from search_backends.engine_facets import counts_from_aggregations, engine_aggregations, engine_fields, engine_filters


@dataclass
class FacetedHits:
    """The best hits of a filtered engine search, with exact counts over every match."""

    hits: list = field(default_factory=list)  # [(pk, score)], best first (or newest first)
    total: int = 0  # matches with the filters
    unfiltered_total: int = 0  # matches without them
    counts: dict = field(default_factory=dict)  # {dimension: {value: count}}, each without its own filter
    stored: dict = field(default_factory=dict)  # {pk: what the result shows (search.stored)}, when asked for
    highlights: dict = field(default_factory=dict)  # {pk: the engine's excerpt, HTML with <mark>}


RESCORE_WINDOW = 100

SNIPPET_LENGTH = 220


@functools.cache
def excerpt_fields(mapping_class):
    """The text fields an excerpt may come from: each page type's own searched fields (`news_newspage__body`…),
    in their folded form, which also highlights the words as written (asciifolding keeps the original).
    Not the title (highlighted by search.query itself), not the copies every field is gathered into
    (`_all_text`…), nor the `.exact` forms, the autocomplete n-grams or the keyword fields: highlighting
    those (the highlighter on "*") was two thirds of the engine's time for a results page at 10,000 pages
    (28 → 17 ms, bench/search_load.py), and gave excerpts such as "<mark>none</mark>" from a visibility field."""
    names = set()
    for model in get_indexed_models():
        if not issubclass(model, Page):
            continue
        mapping = mapping_class(model)
        for search_field in model.get_search_fields():
            if isinstance(search_field, SearchField) and search_field.field_name != "title":
                names.add(mapping.get_field_column_name(search_field))
    return tuple(sorted(names))


def highlight(mapping_class):
    """The engine's highlighter on the excerpt fields, escaped, one excerpt per field; engine_excerpt picks one."""
    options = {"fragment_size": SNIPPET_LENGTH, "number_of_fragments": 1}
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "require_field_match": False,
        "fields": {name: options for name in excerpt_fields(mapping_class)},
    }


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
    # Engine filter clauses of who may see what (search.stored.visibility_clauses); with them, the hits
    # come with their stored fields and the engine's highlighted excerpt, and need no database check.
    visibility: list | None = None
    autocomplete: bool = False  # `query` is the text typed: titles that start with it (the autocomplete fields)


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
        clauses = engine_filters(search.filters)
        if clauses:
            body["post_filter"] = {"bool": {"filter": list(clauses.values())}}
        body["aggs"] = engine_aggregations(clauses)
        if clauses:  # the matches before the filters (without filters, the total)
            body["aggs"]["all_matches"] = {"filter": {"match_all": {}}}
        if search.newest_first:
            body["sort"] = [{engine_fields()["date"]: {"order": "desc", "missing": "_last"}}, "_score"]
            body["track_scores"] = True
    body.update({"size": search.size, "_source": False, results.fields_param_name: ["pk"]})
    if search.visibility is not None:
        body["query"] = {"bool": {"must": [body["query"]], "filter": search.visibility}}
        body["_source"] = ["display"]
        if not search.autocomplete:
            body["highlight"] = highlight(results.backend.mapping_class)
    return body


def _engine_hits(response):
    if "error" in response:
        raise EngineSearchError(str(response["error"])[:500])
    hits = response["hits"]
    total = hits["total"]["value"] if isinstance(hits["total"], dict) else hits["total"]
    aggregations = response.get("aggregations", {})
    found = FacetedHits(
        hits=[(int(hit["fields"]["pk"][0]), hit.get("_score") or 0) for hit in hits["hits"]],
        total=total,
        unfiltered_total=aggregations.get("all_matches", {}).get("doc_count", total),
        counts=counts_from_aggregations(aggregations),
    )
    for hit in hits["hits"]:
        display = (hit.get("_source") or {}).get("display")
        if display:
            pk = int(hit["fields"]["pk"][0])
            found.stored[pk] = display
            found.highlights[pk] = engine_excerpt(hit.get("highlight") or {})
    return found


def engine_excerpt(highlights):
    """The first excerpt the engine highlighted outside the title (the fields' own order is lost in JSON:
    the summary first, then any other), or ""."""
    best = ""
    for name, fragments in sorted(highlights.items()):
        if not fragments or name.startswith("_") or name.rsplit("__", 1)[-1].split(".")[0] == "title":
            continue
        if "summary" in name or "search_description" in name:
            return fragments[0]
        best = best or fragments[0]
    return best


def multi_search(backend, searches):
    """Run `searches` (EngineSearch) in one round trip to the engine (`_msearch`); a FacetedHits each,
    in order. Only primary keys and scores come back: nothing is read from the database here."""
    requests = []
    slots = []
    for search in searches:
        results = (backend.autocomplete if search.autocomplete else backend.search)(search.query, search.queryset)
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
