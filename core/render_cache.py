"""What every render of a page recomputed, kept until the next purge: the route of an address and the
fragments of a page's template (docs/caching.md, "Pieces kept between renders").

Both live in the page cache (`PAGE_CACHE_ALIAS`) under keys that carry the page-cache generation
(`home.cache.content_version`), so a publication, an unpublication, a move, a withdrawal, a new view
restriction or any log entry makes them unreachable at the same moment as whole pages: nothing stale is
shown after a change. They serve the renders the page cache cannot answer (signed-in staff, every visitor
with a session, messages or CSRF cookie).

* **Routes** (`RouteCacheMiddleware`): for a GET or HEAD of a Wagtail page, the request's `Site` and
  Wagtail's route result (the specific page, the ancestors routing left on it and its view restrictions)
  are stored once per address, language and generation, and put back on later requests where Wagtail
  itself keeps them (`request._wagtail_site`, `request._wagtail_route_for_request`). Routing does not
  depend on who asks (view restrictions are checked per request afterwards, from the stored rows), so
  one route serves everybody. Addresses that do not route (404s) and sub-routes of routable pages are
  never stored.
* Neither is kept for a request the page cache may answer (an anonymous visitor without a session, messages or
  CSRF cookie): its whole page is kept there, and the pages cache of a process holds a few hundred entries.
  The route is, though, when its address has a query string (a search, a filter, a listing's page): the page
  cache misses once per query string, and one stored route serves them all.
* **Fragments** (`{% fragment "name" %}…{% endfragment %}`, core/templatetags/fragment_tags.py): parts of
  a page's template that do not depend on who is reading (no form, no CSRF token, no user bar), kept per
  address (query string included), language, template and page. Never for a preview, a page that is not
  live, or a page under a view restriction (its password form and its content share an address).
"""

import hashlib

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from home.cache import CANDIDATE_ATTRIBUTE, content_version, get_cache, request_may_use_cache
from home.models import routed_ancestors


def _digest(*parts):
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def route_key(request, path):
    raw_host = request._get_raw_host()
    return f"route:{content_version(request)}:{_digest(request.scheme, raw_host, get_language(), path)}"


def route_from_cache(request, path):
    """Put the stored route of `path` on the request, or route it and store the result."""
    cache = get_cache()
    key = route_key(request, path)
    stored = cache.get(key)
    if stored is not None:
        request._wagtail_site, request._wagtail_route_for_request = stored
        return
    result = Page.route_for_request(request, path)
    if result is None or result.args or result.kwargs:
        return  # a 404, or a routable page's sub-route (its view may not survive pickling)
    page = result.page
    if routed_ancestors(page) is None:  # a site's root page: routing read no ancestor
        attach_ancestors(page)
    # Read the restrictions now, so that they are stored with the page (BasePage keeps them on it).
    page.get_view_restrictions()
    cache.set(key, (Site.find_for_request(request), result), settings.PAGE_CACHE_TIMEOUT)


def attach_ancestors(page):
    """Leave the page's ancestors on it as routing does below the root (`BasePage.route`)."""
    child = page
    for ancestor in reversed(page.get_ancestors()):
        child._cached_parent_obj = ancestor
        child = ancestor


class RouteCacheMiddleware:
    """Routes Wagtail pages from the cache (see the module's docstring); after LocaleMiddleware, which
    activates the address's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ("GET", "HEAD"):
            return
        # A request the page cache may answer keeps its whole page there: its route would only take room,
        # unless the address has a query string. The page cache keeps one page per query string (every
        # search, filter, listing page and `?fbclid=`), so most of those are misses, and all of them share
        # one route.
        has_query_string = bool(request.META.get("QUERY_STRING"))
        if settings.PAGE_CACHE_ENABLED and (has_query_string or not request_may_use_cache(request)):
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            try:
                route_from_cache(request, path)
            except DatabaseError:
                pass  # the view meets it again and answers with the 503 page (site_lak.middleware)


def is_restricted(request, page):
    """Whether a view restriction applies to the page, read once per request and page."""
    known = request.__dict__.setdefault("_fragment_restricted", {})
    if page.pk not in known:
        known[page.pk] = bool(page.get_view_restrictions())
    return known[page.pk]


def fragment_key(context, name):
    """The cache key of the fragment `name` of the page being rendered, or None when it may not be kept."""
    request = context.get("request")
    page = context.get("page")
    if request is None or not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return None
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return None
    if getattr(request, CANDIDATE_ATTRIBUTE, False):
        return None  # the page cache keeps the whole page (or, for a form's cookie, nothing of it)
    if not isinstance(page, Page) or page.pk is None or not page.live or is_restricted(request, page):
        return None
    template = context.template.name if context.template is not None else ""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"fragment:{content_version(request)}:{_digest(address, get_language(), template, page.pk, name)}"


def cached_fragment(context, name, render, timeout):
    """`render()`'s HTML, kept under the fragment's key when it may be (`fragment_key`)."""
    key = fragment_key(context, name)
    if key is None:
        return render()
    cache = get_cache()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout)
    return html
