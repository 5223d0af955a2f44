"""Page-cache hits answered before Django's middleware and session machinery (docs/caching.md, "Hits").

`PageCacheApplication` wraps the site's WSGI application (site_lak/wsgi.py). For a request the page cache
may answer (`home.cache.request_may_use_cache`: GET or HEAD, no session, messages or CSRF cookie, no
`Authorization` header, not the admin, documents, static files or health checks) whose host Django
accepts (`ALLOWED_HOSTS`), it looks the page up under the very key `PageCacheMiddleware` stores it under
(scheme, host, full path and the site-wide generation, read exactly as on every hit). A stored page is
sent through the middleware that sits above the page cache in `MIDDLEWARE` (security headers and HSTS,
the Content Security Policy, ETag/304), the same instances' logic a full request goes through, so a hit
carries every header a miss carries; nothing below them runs (sessions, CSRF, authentication, two-factor,
URL resolution, the view). Everything else, including a page that runs something on every hit (a search
results page is counted: `keep_on_server(on_hit=…)`), goes to Django as before.
"""

import logging

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBase
from django.utils.module_loading import import_string

from home.cache import ON_HIT_ATTRIBUTE, cache_key, get_cache, request_may_use_cache

logger = logging.getLogger(__name__)

PAGE_CACHE_MIDDLEWARE = "home.cache.PageCacheMiddleware"
HIT_ATTRIBUTE = "_page_cache_hit"


def stored_response(request):
    return getattr(request, HIT_ATTRIBUTE)


def middleware_above_the_page_cache(get_response):
    """The middleware listed above `PageCacheMiddleware` in MIDDLEWARE, wrapped around `get_response` in the
    same order as Django's handler wraps them."""
    names = settings.MIDDLEWARE[: settings.MIDDLEWARE.index(PAGE_CACHE_MIDDLEWARE)]
    handler = get_response
    for name in reversed(names):
        handler = import_string(name)(handler)
    return handler


def lookup(request):
    """The stored page for `request` (one the page cache may answer), or None when Django must answer it."""
    try:
        key = cache_key(request)
    except DisallowedHost:
        return None  # Django answers 400
    cached = get_cache().get(key)
    if not isinstance(cached, HttpResponseBase) or hasattr(cached, ON_HIT_ATTRIBUTE):
        return None
    return cached


class PageCacheApplication:
    """The WSGI application: page-cache hits first, everything else to `application` (Django's)."""

    def __init__(self, application):
        self.application = application
        self.above = middleware_above_the_page_cache(stored_response)

    def __call__(self, environ, start_response):
        response = self.hit(environ) if environ.get("REQUEST_METHOD") in ("GET", "HEAD") else None
        if response is None:
            return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return response  # the server closes it: Django's request_finished, as after any response

    def hit(self, environ):
        if not settings.PAGE_CACHE_ENABLED:
            return None
        request = WSGIRequest(environ)
        if not request_may_use_cache(request):
            return None
        # What Django's handler does first: database connections past their age or broken are closed.
        signals.request_started.send(sender=self.__class__, environ=environ)
        cached = lookup(request)
        if cached is None:
            return None
        cached["X-Cache"] = "HIT"
        setattr(request, HIT_ATTRIBUTE, cached)
        return self.above(request)
