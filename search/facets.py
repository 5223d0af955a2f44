"""What search filters and facets read from a page or a document, in one place.

`page_values` and `document_values` give a hit's type, date, school year, category, document type and
issuer; the results shown (search.query) are built from them, and the engine backends
(search.backends) index the same values as keyword/date fields (`ENGINE_FIELDS`), so an engine can
filter and count facets over every match instead of the best few hundred. `engine_filters` and
`engine_aggregations` express `run_search`'s filters in the engine's query language with the same
meaning as `search.query._matches`.
"""

import datetime

from django.utils import timezone

from home.validators import school_year_of
from search.vietnamese import fold

DIMENSIONS = ["type", "year", "category", "doc_type", "issuer"]

# Result type → page model label. Other live pages (school information) are of type "page".
PAGE_TYPES = {
    "news": "news.NewsPage",
    "policy": "policies.PolicyPage",
    "person": "people.PersonPage",
    "exam": "exams.ExamNoticePage",
    "event": "events.EventPage",
}

# Indexed name of each value in an engine document; "…_folded" are compared without accents or case.
ENGINE_FIELDS = {
    "type": "facet_type",
    "date": "facet_date",
    "year": "facet_year",
    "category": "facet_category",
    "doc_type": "facet_doc_type",
    "issuer": "facet_issuer",
    "doc_type_folded": "facet_doc_type_folded",
    "issuer_folded": "facet_issuer_folded",
}
ENGINE_MAPPING = {name: {"type": "date" if key == "date" else "keyword"} for key, name in ENGINE_FIELDS.items()}
# More distinct values than this in one dimension are not listed (issuers are the longest list).
ENGINE_BUCKETS = 200


def school_year(date):
    """ "2024-2025" for a date from August 2024 to July 2025."""
    return school_year_of(date) if date else ""


def page_type(page):
    label = page._meta.label
    return next((key for key, model in PAGE_TYPES.items() if model == label), "page")


def page_values(page):
    """Filter and facet values of a (specific) page (display names of choices: search.query._facet_labels)."""
    kind = page_type(page)
    date = getattr(page, "date", None) or getattr(page, "issued_date", None) or getattr(page, "exam_date", None)
    if date is None and page.first_published_at:
        date = timezone.localtime(page.first_published_at).date()
    if isinstance(date, datetime.datetime):
        date = date.date()
    return {
        "type": kind,
        "date": date,
        "year": getattr(page, "school_year", "") or school_year(date),
        "category": (getattr(page, "category", "") or "") if kind == "news" else "",
        "doc_type": (getattr(page, "document_type", "") or "") if kind == "policy" else "",
        "issuer": (getattr(page, "issuer", "") or "") if kind == "policy" else "",
    }


def document_values(document):
    date = timezone.localtime(document.created_at).date() if document.created_at else None
    return {"type": "document", "date": date, "year": school_year(date)}


def engine_document_fields(page):
    """The fields an engine document of `page` carries for filters and facets (empty values left out)."""
    values = page_values(page)
    values["doc_type_folded"] = fold(values["doc_type"])
    values["issuer_folded"] = fold(values["issuer"])
    fields = {}
    for key, name in ENGINE_FIELDS.items():
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
    return {"range": {ENGINE_FIELDS["date"]: bounds}}


def engine_filters(filters):
    """{filter name: engine clause} for run_search's cleaned filters, as search.query._matches reads them."""
    clauses = {}
    for name, value in filters.items():
        if name == "type":
            clauses[name] = {"term": {ENGINE_FIELDS["type"]: value}}
        elif name == "year":
            if "-" in value:
                clauses[name] = {"term": {ENGINE_FIELDS["year"]: value}}
            else:
                year = int(value)
                clauses[name] = _date_range(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        elif name == "category":
            clauses[name] = {"term": {ENGINE_FIELDS["category"]: value}}
        elif name in ("doc_type", "issuer"):
            clauses[name] = {"term": {ENGINE_FIELDS[f"{name}_folded"]: fold(value)}}
        elif name == "from":
            clauses[name] = _date_range(start=value)
        elif name == "to":
            clauses[name] = _date_range(end=value)
    return clauses


def engine_aggregations(clauses):
    """One aggregation per facet dimension, each under every filter except its own (as compute_facets);
    with no filter, plain terms aggregations (a filter that matches everything still costs a pass)."""
    aggregations = {}
    for name in DIMENSIONS:
        terms = {"terms": {"field": ENGINE_FIELDS[name], "size": ENGINE_BUCKETS}}
        others = [clause for key, clause in clauses.items() if key != name]
        aggregations[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}} if others else terms
    return aggregations


def counts_from_aggregations(aggregations):
    """{dimension: {value: count}} from an engine response's aggregations."""
    counts = {}
    for name in DIMENSIONS:
        if name in aggregations:
            aggregation = aggregations[name].get("values", aggregations[name])
            counts[name] = {bucket["key"]: bucket["doc_count"] for bucket in aggregation["buckets"]}
    return counts
