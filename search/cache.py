"""Anonymous search results kept for a minute: on exam-results day thousands of visitors search the
same few words, and one search costs an engine request and several database queries.

The key holds the page cache's content version (`home.cache.content_version`: it changes with every
publication, unpublication, move, deletion and settings, image or document change, in every process),
the search's own generation (bumped here when synonyms, promotions or extracted document texts change;
kept in the shared cache, so every process and host sees it), the locale and the validated parameters.
The entries themselves are kept where the pages are (`home.cache.get_cache`).
Staff are never served from it: they see intranet pages.

Within one content version a page shown can only stop being visible by reaching its expiry time
(the worker unpublishes it a little later): an entry is not used past the earliest expiry of the pages
it shows. Attached files it shows are checked again in the database. Then the search runs afresh.
Every search is still recorded for the analytics report, a hit included, with its own record id.
"""

import dataclasses
import hashlib
import json
import time

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone

from home.cache import content_version, get_cache, purge_all, shared_cache
from search.results import HitWindow

GENERATION_KEY = "search:generation"


def timeout():
    return settings.SEARCH_CACHE_TIMEOUT


def local_cache():
    """Where results (and other things derived from the published pages) are kept: with the pages."""
    return get_cache()


def generation():
    cache = shared_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)  # from the clock: never a number old keys carry
        value = cache.get(GENERATION_KEY, 0)
    return value


def bump(**kwargs):
    """Signal receiver: synonyms, promotions or a document's text changed. Results pages kept by the page
    cache go too (search.models.keep_results_page)."""
    purge_all()
    cache = shared_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted: start again from the clock
        cache.set(GENERATION_KEY, time.time_ns(), None)


def key(data, locale, with_suggestions, request=None):
    parameters = {name: str(value) for name, value in data.items() if value not in (None, "")}
    parameters["suggestions"] = with_suggestions
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"search:{content_version(request)}:{generation()}:{locale.language_code}:{digest}"


def earliest_expiry(outcome):
    """When the first page `outcome` shows reaches its expiry time (None: never); an answer that shows it
    must not be used after that."""
    shown = outcome.promoted + list(outcome.results or [])
    return min((hit.expire_at for hit in shown if hit.type != "document" and hit.expire_at), default=None)


def store(cache_key, outcome):
    page = outcome.results
    entry = {
        "expires": earliest_expiry(outcome),
        "outcome": dataclasses.replace(outcome, results=None, record_id=None, record_fields=None),
        "shown": list(page) if page is not None else [],
        "number": page.number if page is not None else 1,
        "length": page.paginator.count if page is not None else 0,
        "page_size": page.paginator.per_page if page is not None else 1,
    }
    local_cache().set(cache_key, entry, timeout())


def lookup(cache_key, still_visible):
    """The cached outcome (a copy), or None. `still_visible(documents)` says whether the attached files
    shown may still be shown."""
    entry = local_cache().get(cache_key)
    if entry is None or (entry["expires"] is not None and entry["expires"] <= timezone.now()):
        return None
    documents = [hit.page for hit in entry["outcome"].promoted + entry["shown"] if hit.type == "document"]
    if documents and not still_visible(documents):
        return None
    outcome = dataclasses.replace(entry["outcome"])
    page = Paginator(HitWindow([], entry["length"]), entry["page_size"]).page(entry["number"])
    page.object_list = entry["shown"]
    outcome.results = page
    return outcome
