"""The one search function behind the HTML search page and the JSON API.

It searches only what the requester may see: live, public pages in the requested locale.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from home.models import paginate

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10


@dataclass
class SearchOutcome:
    query: str = ""
    results: object = None
    count: int = 0
    error: str = ""
    notices: list = field(default_factory=list)


def normalise_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def visible_pages(request, locale):
    return Page.objects.live().public().filter(locale=locale).specific()


def search_from_request(request, locale=None):
    locale = locale or Locale.get_active()
    query = normalise_query(request.GET.get("q"))
    outcome = SearchOutcome(query=query)
    if not query:
        return outcome
    results = visible_pages(request, locale).search(query)
    outcome.results = paginate(request, results, PAGE_SIZE)
    outcome.count = outcome.results.paginator.count
    if not outcome.count:
        outcome.notices.append(_("No results. Try fewer or different words."))
    return outcome
