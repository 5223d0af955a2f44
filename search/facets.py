"""What search filters and facets read from a page or a document, and how they match and count, in one place.

The page types and their facets come from the page-family declarations (core.families): a family's key is
a result type, its `date_field` gives a page's date, its `facets` the extra dimensions (news sections,
document types, issuers…) and the fields holding them. `page_values` and `document_values` give a hit's
type, date and facet values; `matches` and `facet_counts` filter and count them (the database path, and
the attached files on an engine), and search_backends.engine_facets says the same to an engine, which then
filters and counts over every match instead of the best few hundred.
"""

import datetime
import functools

from django.utils import timezone
from django.utils.text import capfirst

from core.families import family_of, page_families
from core.vietnamese import fold
from home.validators import school_year_of

# The dimensions every result has; the page families add theirs (facet_dimensions).
COMMON_DIMENSIONS = ("type", "year")
# A filter value may be as long as the field holding it, and at least this (a choice value typed in a URL).
FILTER_MIN_LENGTH = 64


# The declarations are code, the same in every process: what is derived from them is computed once (a facet
# count calls `matches` for every hit and dimension).


@functools.cache
def families():
    """((family, page model), …) of every page family, in the order the apps are installed."""
    return tuple((model.family, model) for model in page_families().values())


@functools.cache
def _page_models():
    return page_families()


def page_model(key):
    """The page model of result type `key`, or None (documents, other pages, unknown types)."""
    return _page_models().get(key)


@functools.cache
def family_facets():
    """{dimension: (family, field name)} of the families' own facets, in declaration order."""
    declared = {}
    for family, _model in families():
        for name, field_name in family.facets.items():
            declared.setdefault(name, (family, field_name))
    return declared


@functools.cache
def facet_dimensions():
    """Every facet dimension, in display order: type, school year, then the families' own."""
    return (*COMMON_DIMENSIONS, *family_facets())


@functools.cache
def folded_dimensions():
    """The families' dimensions whose filter compares values without accents or case: all but their
    `exact_facets`."""
    return frozenset(name for family, _model in families() for name in family.facets if name not in family.exact_facets)


@functools.cache
def filter_lengths():
    """{dimension: longest filter value accepted} of the families' facets (search.params)."""
    lengths = {}
    for name, (_family, field_name) in family_facets().items():
        models = [model for family, model in families() if name in family.facets]
        field_length = max(model._meta.get_field(field_name).max_length or 0 for model in models)
        lengths[name] = max(FILTER_MIN_LENGTH, field_length)
    return lengths


def school_year(date):
    """ "2024-2025" for a date from August 2024 to July 2025."""
    return school_year_of(date) if date else ""


@functools.cache
def page_value_fields():
    """What page_values reads from a page besides its title and first publication, for every family."""
    names = ["school_year"]
    for family, _model in families():
        names += ([family.date_field] if family.date_field else []) + list(family.facets.values())
    return tuple(dict.fromkeys(names))


def page_values(page):
    """Type, date and facet values of a page: a specific page, or a stand-in with its `_meta` and the
    page_value_fields it has (search.results). Display names of choices: facet_labels."""
    family = family_of(page._meta.model)
    date = getattr(page, family.date_field, None) if family is not None and family.date_field else None
    if date is None and page.first_published_at:
        date = timezone.localtime(page.first_published_at).date()
    if isinstance(date, datetime.datetime):  # a family dated by a date and time (an event's start)
        date = timezone.localtime(date).date() if timezone.is_aware(date) else date.date()
    values = {name: "" for name in family_facets()}
    if family is not None:
        values.update({name: getattr(page, field_name, "") or "" for name, field_name in family.facets.items()})
    values["year"] = getattr(page, "school_year", "") or school_year(date)
    return {"type": family.key if family is not None else "page", "date": date, "values": values}


def document_values(document):
    date = timezone.localtime(document.created_at).date() if document.created_at else None
    return {"type": "document", "date": date, "values": {"year": school_year(date)}}


def value_of(hit, name):
    """A hit's value in facet dimension `name` ("" when it has none)."""
    return hit.type if name == "type" else hit.values.get(name, "")


def _year_matches(hit, value):
    if "-" in value:
        return hit.values.get("year") == value
    return bool(hit.date) and str(hit.date.year) == value


def _filter_matches(hit, name, value, folded):
    if name == "year":
        return _year_matches(hit, value)
    if name == "from":
        return bool(hit.date) and hit.date >= value
    if name == "to":
        return bool(hit.date) and hit.date <= value
    if name in folded:
        return fold(value_of(hit, name)) == fold(value)
    return value_of(hit, name) == value


def matches(hit, filters, skip=None):
    """Whether `hit` passes every filter (but `skip`): run_search's cleaned filters."""
    folded = folded_dimensions()
    for name, value in filters.items():
        if name != skip and not _filter_matches(hit, name, value, folded):
            return False
    return True


def facet_counts(hits, filters):
    """{dimension: {value: count}} over `hits`, each dimension counted without its own filter: a hit counts
    in every dimension when it passes every filter, and only in that filter's dimension when it fails one."""
    dimensions = facet_dimensions()
    folded = folded_dimensions()
    counts = {name: {} for name in dimensions}
    for hit in hits:
        failed = [name for name, value in filters.items() if not _filter_matches(hit, name, value, folded)]
        if not failed:
            counted = dimensions
        elif len(failed) == 1 and failed[0] in counts:
            counted = failed
        else:
            continue
        for name in counted:
            value = value_of(hit, name)
            if value:
                counts[name][value] = counts[name].get(value, 0) + 1
    return counts


def merged_counts(*count_maps):
    merged = {name: {} for name in facet_dimensions()}
    for counts in count_maps:
        for name, dimension in counts.items():
            for value, count in dimension.items():
                merged[name][value] = merged[name].get(value, 0) + count
    return merged


def facet_labels(type_labels):
    """{dimension: {value: display name}}: result types, and the families' choices (PageFamily.facet_choices)."""
    labels = {"type": dict(type_labels)}
    for family, _model in families():
        for name, choices in family.facet_choices.items():
            labels.setdefault(name, {}).update({value: str(label) for value, label in choices.choices})
    return labels


def ordered_facets(counts, type_labels):
    """[(value, label, count)] per dimension: most frequent first, school years newest first."""
    labels = facet_labels(type_labels)
    facets = {}
    for name in facet_dimensions():
        dimension = counts.get(name, {})
        ordered = sorted(dimension.items(), key=lambda item: (-item[1], str(item[0])))
        if name == "year":
            ordered = sorted(dimension.items(), reverse=True)
        facets[name] = [(value, labels.get(name, {}).get(value, value), count) for value, count in ordered]
    return facets


def facet_titles(common_titles):
    """[(dimension, heading)] of every facet group: `common_titles` for type and year, then the families'."""
    titles = list(common_titles)
    for name, (family, field_name) in family_facets().items():
        model = next(model for declared, model in families() if declared is family)
        default = capfirst(model._meta.get_field(field_name).verbose_name)
        titles.append((name, family.facet_titles.get(name, default)))
    return titles
