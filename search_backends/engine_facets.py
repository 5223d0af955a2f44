"""Search filters and facets in an engine's query language, with the meaning search.facets gives them.

An engine document of a page carries its type, date and facet values as keyword/date fields
(`engine_fields`: "facet_type", "facet_date", "facet_year", then "facet_<dimension>" for each family's
facets, and "facet_<dimension>_folded" where the filter compares without accents or case), so the engine
filters and counts facets over every match. `engine_filters` and `engine_aggregations` express run_search's
filters the way search.facets.matches and facet_counts apply them.
"""

import datetime
import functools

from core.vietnamese import fold
from search.facets import facet_dimensions, family_facets, folded_dimensions, page_values

# More distinct values than this in one dimension are not listed (issuers are the longest list).
ENGINE_BUCKETS = 200


@functools.cache
def engine_fields():
    """{value name: indexed field name}; "…_folded" are compared without accents or case."""
    fields = {"type": "facet_type", "date": "facet_date", "year": "facet_year"}
    fields.update({name: f"facet_{name}" for name in family_facets()})
    fields.update({f"{name}_folded": f"facet_{name}_folded" for name in sorted(folded_dimensions())})
    return fields


def engine_mapping():
    return {name: {"type": "date" if key == "date" else "keyword"} for key, name in engine_fields().items()}


def engine_document_fields(page):
    """The fields an engine document of `page` carries for filters and facets (empty values left out)."""
    described = page_values(page)
    values = {"type": described["type"], "date": described["date"], **described["values"]}
    for name in folded_dimensions():
        values[f"{name}_folded"] = fold(values.get(name, ""))
    fields = {}
    for key, name in engine_fields().items():
        value = values.get(key)
        if value:
            fields[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return fields


def _date_range(start=None, end=None):
    bounds = {}
    if start:
        bounds["gte"] = start.isoformat()
    if end:
        bounds["lte"] = end.isoformat()
    return {"range": {engine_fields()["date"]: bounds}}


def _year_clause(value):
    if "-" in value:
        return {"term": {engine_fields()["year"]: value}}
    year = int(value)
    return _date_range(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _filter_clause(name, value, fields, folded):
    if name == "year":
        return _year_clause(value)
    if name == "from":
        return _date_range(start=value)
    if name == "to":
        return _date_range(end=value)
    if name in folded:
        return {"term": {fields[f"{name}_folded"]: fold(value)}}
    return {"term": {fields[name]: value}}


def engine_filters(filters):
    """{filter name: engine clause} for run_search's cleaned filters, as search.facets.matches reads them."""
    fields = engine_fields()
    folded = folded_dimensions()
    return {name: _filter_clause(name, value, fields, folded) for name, value in filters.items()}


def engine_aggregations(clauses):
    """One aggregation per facet dimension, each under every filter except its own (as facet_counts);
    with no filter, plain terms aggregations (a filter that matches everything still costs a pass)."""
    fields = engine_fields()
    aggregations = {}
    for name in facet_dimensions():
        terms = {"terms": {"field": fields[name], "size": ENGINE_BUCKETS}}
        others = [clause for key, clause in clauses.items() if key != name]
        aggregations[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}} if others else terms
    return aggregations


def counts_from_aggregations(aggregations):
    """{dimension: {value: count}} from an engine response's aggregations."""
    counts = {}
    for name in facet_dimensions():
        if name in aggregations:
            aggregation = aggregations[name].get("values", aggregations[name])
            counts[name] = {bucket["key"]: bucket["doc_count"] for bucket in aggregation["buckets"]}
    return counts
