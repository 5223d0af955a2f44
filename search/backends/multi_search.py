"""One round trip to an engine for several searches (`_msearch`), each with its filters and facets.

Only primary keys and scores come back: nothing is read from the database here. A faceted search applies its
filters as a post filter, so the facet counts (each without its own filter) see every match.
"""

from dataclasses import dataclass, field

from search.backends.engine_facets import counts_from_aggregations, engine_aggregations, engine_fields, engine_filters


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
        counts=counts_from_aggregations(aggregations),
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
