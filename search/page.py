"""The search page (search.models.SearchPage): the search of a request, and what its template needs beyond
the outcome — facet groups with their links, the filter panel's choices."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from search.facets import facet_titles as family_facet_titles
from search.params import SORTS, type_labels
from search.query import run_search

# Each group's own heading in both languages ("Loại" alone would head two groups in Vietnamese); the page
# families add theirs (PageFamily.facet_titles).
COMMON_FACET_TITLES = [("type", gettext_lazy("Content type")), ("year", gettext_lazy("School year"))]
# Filters the panel's own fields set; the others (chosen in a facet) travel as hidden fields.
FORM_FILTERS = ("type", "from", "to", "sort")


def facet_titles():
    """[(dimension, heading)] of every group of facets, in display order."""
    return family_facet_titles(COMMON_FACET_TITLES)


def search_from_request(request, locale=None):
    locale = locale or Locale.get_active()
    return run_search(request.GET, request.user, locale, with_suggestions=True, request=request)


def _facet_groups(outcome, titles, base):
    groups = []
    for name, title in titles:
        buckets = []
        for value, label, count in outcome.facets.get(name, []):
            active = str(outcome.filters.get(name, "")) == str(value)
            params = {key: val for key, val in base.items() if key != name}
            if not active:
                params[name] = value
            buckets.append((value, label, count, "?" + urlencode(params), active))
        groups.append(((name, title), buckets))
    return groups


def page_context(request, outcome, locale):
    """What the HTML page needs beyond the outcome: facet links, choices, no-JS suggestions."""
    base = {"q": outcome.query, **outcome.filters}
    titles = facet_titles()
    labels = type_labels()
    for hit in outcome.promoted + outcome.hits:
        hit.type_label = labels.get(hit.type, "")
    active = [name for name in outcome.filters if name != "sort"]
    return {
        "facet_groups": _facet_groups(outcome, titles, base),
        "show_filters": bool(outcome.query and (outcome.count or active)),
        "active_filter_count": len(active),
        "hidden_filters": [(name, value) for name, value in outcome.filters.items() if name not in FORM_FILTERS],
        "type_title": dict(titles)["type"],
        "type_choices": [(key, label) for key, label in labels.items() if key != "page"],
        "sort_choices": SORTS,
        "pagination_filters": base,
    }
