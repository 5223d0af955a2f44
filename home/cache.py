"""Whole-page caching of anonymous page views, purged by a site-wide generation number.

A page served by Wagtail to an anonymous visitor is stored in the "pages" cache (`PAGE_CACHE_ALIAS`) and
served from there to the next anonymous visitor. Every cache key contains the *generation*, a counter in
the shared cache ("default": the database cache table by default, Redis when `CACHE_URL` says so), bumped
by the signal handlers in `home.signals` on publish, unpublish, move and deletion of any page, on every
log entry Wagtail writes (settings, snippets, view restrictions, workflow steps) and on changes to sites,
images and documents, once at the change and again when its transaction commits. Every process on every
host reads the same counter, so a publication in one gunicorn worker, on another host, or in the
background worker publishing a scheduled page, makes every stored page unreachable everywhere.

With the database cache, the pages themselves stay in each process's memory: a hit costs one indexed
read of the generation, not a page body out of the database. While the shared cache cannot be read (the
database restarting), a process goes on with the last generation it read: nothing can be published
meanwhile, so the pages it keeps are still current.

Purging everything on any change is coarse but always correct: a page shows up in its parent's
listing, the home page of its locale, feeds, menus and "related" blocks, and tracking all of those
dependencies exactly is not worth the risk of serving a stale listing. See docs/caching.md.

After a miss, one request renders the page while the others asking for the same key wait for it
(`render_once`, single flight), so a purge costs one render per page rather than one per visitor.

Never cached: requests with a session, messages or CSRF cookie, anything but GET/HEAD, pages under a view
restriction, responses that set a cookie (a CSRF token in a form, messages), responses whose own
Cache-Control says private/no-cache/no-store, non-200 responses (nor is any trace of them left: a flood
of made-up addresses cannot push pages out), streaming responses (documents), and everything that is not
a Wagtail page (the admin, previews, health checks).
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_cache_control, set_response_etag
from django.utils.http import http_date
from redis.exceptions import RedisError
from wagtail import hooks

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
CANDIDATE_ATTRIBUTE = "_page_cache_candidate"
VERSION_ATTRIBUTE = "_page_cache_version"
SERVER_ONLY_ATTRIBUTE = "page_cache_server_only"
ON_HIT_ATTRIBUTE = "page_cache_on_hit"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Stored in place of a response that could not be stored, so that nobody waits for one.
NOT_STORED = "not-stored"


def get_cache():
    """Where pages (and the pieces kept with them) are stored: per process, or Redis (site_lak/env.py)."""
    return caches[settings.PAGE_CACHE_ALIAS]


def shared_cache():
    """The cache every process and host shares: the generation lives there."""
    return caches["default"]


def is_enabled():
    return settings.PAGE_CACHE_ENABLED


# The last generation this process read, for when the shared cache cannot be read.
_last_generation = None


def current_generation():
    global _last_generation
    cache = shared_cache()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # Start from the clock, so that a generation key evicted from the cache can never come back
            # with a number that old entries still carry.
            cache.add(GENERATION_KEY, time.time_ns(), None)
            generation = cache.get(GENERATION_KEY, 0)
    except (DatabaseError, RedisError) as error:
        if connection.in_atomic_block:
            raise  # not an outage: a failed query inside a transaction is the caller's
        logger.warning("page cache: the generation cannot be read (%s); going on with the last one", error)
        return _last_generation or 0
    _last_generation = generation
    return generation


def bump_generation():
    """Make every cached page unreachable, in every process on every host (they then expire on their own)."""
    cache = shared_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key is missing (first use or evicted)
        cache.set(GENERATION_KEY, time.time_ns(), None)


def purge_all():
    """Purge now, and again when the current transaction commits.

    The second bump matters: a request that reads the bumped generation before the change is
    committed renders the old content and would otherwise store it under the new key.
    """
    bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(bump_generation)


def content_version(request=None):
    """The generation, read once per request (before anything is rendered).

    Anything cached under a key that contains it is purged exactly when whole pages are.
    """
    version = getattr(request, VERSION_ATTRIBUTE, None)
    if version is None:
        version = str(current_generation())
        if request is not None:
            setattr(request, VERSION_ATTRIBUTE, version)
    return version


def until_next_purge(request, key, compute, timeout):
    """`compute()`, kept under `key` until whole pages are purged (the key gets the content version) or
    for `timeout` seconds, whichever comes first: for parts of pages that many renders share."""
    cache = get_cache()
    versioned = f"{key}:{content_version(request)}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def cache_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:{content_version(request)}:{digest}"


def render_once(key):
    """After a miss: (cached response, None) once another request has rendered `key`, or (None, lock)
    when this request should render it, or (None, None) to render without waiting any longer.

    Single flight: the first request takes a short lock and renders; the others poll the cache for
    its response, never for longer than PAGE_CACHE_WAIT. The response they get is stored under their
    own key, so it was rendered after the change that gave the key its generation.
    """
    cache = get_cache()
    lock = (f"{key}:lock", uuid.uuid4().hex)
    lock_timeout = settings.PAGE_CACHE_LOCK_TIMEOUT

    def take_lock():
        if not cache.add(*lock, lock_timeout):
            return None, None
        cached = cache.get(key)  # stored by a renderer that finished just before we took the lock
        if cached is not None:
            release(lock)
            return cached, None
        return None, lock

    cached, taken = take_lock()
    if taken or cached is not None:
        return cached, taken
    deadline = time.monotonic() + settings.PAGE_CACHE_WAIT
    while time.monotonic() < deadline:
        time.sleep(settings.PAGE_CACHE_POLL_INTERVAL)
        cached = cache.get(key)
        if cached is not None:
            return cached, None
        cached, taken = take_lock()  # the lock is free again: its holder stored nothing
        if taken or cached is not None:
            return cached, taken
    return None, None


def release(lock):
    cache = get_cache()
    if cache.get(lock[0]) == lock[1]:  # not a lock taken by another request after ours expired
        cache.delete(lock[0])


def excluded_prefixes():
    return tuple(prefix for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS if prefix)


def request_may_use_cache(request):
    """May this request be answered from the cache (and its response be stored)?"""
    if not is_enabled() or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_dummy", False):  # a preview, rendered inside an admin request
        return False
    cookies = request.COOKIES
    if any(
        name in cookies for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, settings.CSRF_COOKIE_NAME)
    ):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path_info.startswith(excluded_prefixes())


def _cache_control_forbids_storing(response):
    value = response.get("Cache-Control", "")
    directives = {part.split("=")[0].strip().lower() for part in value.split(",") if part.strip()}
    return bool(directives & UNCACHEABLE_DIRECTIVES) or "max-age=0" in value.replace(" ", "")


def keep_on_server(response, timeout, on_hit=None, data=None):
    """Let the page cache keep `response` for `timeout` seconds (at most PAGE_CACHE_TIMEOUT) although its
    own Cache-Control keeps browsers and shared caches from storing it: for an answer that must still do
    something on every request (a search is counted). `on_hit(request, response, data)`, a module-level
    function, runs on every hit and returns the response to send."""
    setattr(response, SERVER_ONLY_ATTRIBUTE, timeout)
    if on_hit is not None:
        setattr(response, ON_HIT_ATTRIBUTE, (on_hit, data))


def response_may_be_stored(request, response):
    server_only = getattr(response, SERVER_ONLY_ATTRIBUTE, None)
    return (
        getattr(request, CANDIDATE_ATTRIBUTE, False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and (server_only is not None or not _cache_control_forbids_storing(response))
        and server_only != 0
    )


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


@hooks.register("before_serve_page")
def mark_cache_candidate(page, request, serve_args, serve_kwargs):
    """A page an anonymous visitor sees with no view restriction may be cached.

    The restriction query is skipped for requests the cache would not serve anyway (a session cookie).
    """
    candidate = (
        not _is_authenticated(request) and request_may_use_cache(request) and not page.get_view_restrictions().exists()
    )
    setattr(request, CANDIDATE_ATTRIBUTE, candidate)


class PageCacheMiddleware:
    """Serves and stores anonymous Wagtail page responses; sets Cache-Control for a CDN in front.

    It sits above the session, CSRF and messages middleware in MIDDLEWARE, so it sees every cookie
    they add to a response, and below ConditionalGetMiddleware, which answers If-None-Match with 304.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        lock = None
        if request_may_use_cache(request):
            # No database query: while PostgreSQL restarts, pages already cached are still served.
            key = cache_key(request)
            cached = get_cache().get(key)
            if cached is None and request.method == "GET":
                cached, lock = render_once(key)
            if isinstance(cached, HttpResponseBase):
                on_hit = getattr(cached, ON_HIT_ATTRIBUTE, None)
                if on_hit is not None and request.method == "GET":
                    cached = on_hit[0](request, cached, on_hit[1])
                cached["X-Cache"] = "HIT"
                return cached

        try:
            response = self.get_response(request)
            return self.store_or_mark(request, response, key, lock)
        finally:
            if lock:
                release(lock)

    def store_or_mark(self, request, response, key, lock):
        if key and response_may_be_stored(request, response):
            timeout = settings.PAGE_CACHE_TIMEOUT
            server_only = getattr(response, SERVER_ONLY_ATTRIBUTE, None)
            if server_only is None:
                patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
                response["Last-Modified"] = http_date()
                set_response_etag(response)
            else:
                timeout = min(timeout, server_only)
            response["X-Cache"] = "MISS"
            get_cache().set(key, response, timeout)
            return response
        if lock and response.status_code == 200:
            # A page that may not be stored (a form, a view restriction): requests waiting for it render it
            # themselves, and for a minute later ones do not wait. Nothing is kept for any other answer, so
            # a flood of made-up addresses (404s) cannot push stored pages out of the cache.
            get_cache().set(key, NOT_STORED, 60)

        if _is_authenticated(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        elif hasattr(request, CANDIDATE_ATTRIBUTE) and not response.has_header("Cache-Control"):
            # A page that was not stored (a form's CSRF cookie, a view restriction): no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
        if hasattr(request, CANDIDATE_ATTRIBUTE):
            response["X-Cache"] = "BYPASS"
        return response
