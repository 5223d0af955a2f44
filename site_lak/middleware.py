"""Security middleware: a Content Security Policy, and a brake on guessing admin passwords.

Both are configuration-level code with their knobs in settings (see docs/deploy.md):

* `CONTENT_SECURITY_POLICY` / `CONTENT_SECURITY_POLICY_ADMIN` — dicts of directive → sources. The
  public site gets a strict policy; the Wagtail admin (and its previews) its own looser one, because
  Wagtail's admin scripts need inline code and eval.
* When the database cannot serve a request now (unreachable, locked, read-only, disk full), visitors get
  a short 503 page (rendered without touching the database) instead of the generic error page, saying
  that what they sent was not saved, and load balancers a Retry-After.
* `LOGIN_FAILURE_LIMIT` failed sign-ins (wrong passwords and wrong two-factor codes) from one address
  within `LOGIN_FAILURE_WINDOW` seconds lock that address out of the forms named in
  `LOGIN_RATE_LIMITED_URLS` (429) until the window ends. `TRUSTED_PROXY_COUNT` says
  how many reverse proxies (nginx, a load balancer) stand in front, so the client address is read
  from X-Forwarded-For rather than taken to be the proxy's own.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from site_lak.database_errors import is_temporary

logger = logging.getLogger(__name__)

EMBED_FRAMES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://www.facebook.com",
    "https://web.facebook.com",
]

SITE_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # Wagtail's responsive embeds set their aspect ratio in a style attribute.
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": ["'self'", *EMBED_FRAMES],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Avatars (Gravatar) and embed thumbnails come from elsewhere.
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *EMBED_FRAMES],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def format_policy(policy):
    return "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_header = format_policy(getattr(settings, "CONTENT_SECURITY_POLICY", SITE_POLICY))
        self.admin_header = format_policy(getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", ADMIN_POLICY))
        self.admin_prefix = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PREFIX", "/admin/")
        self.report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)

    def __call__(self, request):
        response = self.get_response(request)
        header = "Content-Security-Policy-Report-Only" if self.report_only else "Content-Security-Policy"
        if not response.has_header(header):
            admin = request.path_info.startswith(self.admin_prefix)
            response[header] = self.admin_header if admin else self.site_header
        return response


def client_address(request):
    """The visitor's address, trusting only as many X-Forwarded-For hops as there are proxies."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _failure_key(address):
    return "login-failures:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def failure_limit():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 10)


def failure_window():
    return getattr(settings, "LOGIN_FAILURE_WINDOW", 15 * 60)


def record_login_failure(sender, credentials=None, request=None, **kwargs):
    if request is not None:
        count_failed_attempt(request)


def count_failed_attempt(request):
    """One more failed sign-in step (a password or a two-factor code) from the request's address."""
    key = _failure_key(client_address(request))
    cache.add(key, 0, failure_window())  # the window starts at the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, failure_window())


user_login_failed.connect(record_login_failure, dispatch_uid="site_lak.login_failures")


class LoginRateLimitMiddleware:
    """Refuses sign-in attempts from an address that failed too often (429, with a Retry-After)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info in self.login_paths():
            failures = cache.get(_failure_key(client_address(request)), 0)
            if failures >= failure_limit():
                minutes = max(1, failure_window() // 60)
                response = render(request, "429.html", {"minutes": minutes}, status=429)
                response["Retry-After"] = str(failure_window())
                return response
        return self.get_response(request)

    @staticmethod
    def login_paths():
        return {reverse(name) for name in getattr(settings, "LOGIN_RATE_LIMITED_URLS", ["wagtailadmin_login"])}


class DatabaseUnavailableMiddleware:
    """A database that cannot serve the request now answers 503 "try again shortly", not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable_response(exception, request)


def unavailable_response(exception, request=None):
    """The 503 page when `exception` means the database cannot serve the request now (unreachable, locked
    past the busy timeout, read-only, disk full: site_lak.database_errors); None for any other error.

    Used for exceptions of views (above) and, through the 500 handler, of middleware: a visitor with a
    session cookie reaches the database first in the authentication middleware. After a POST (a form, an
    editor's save) the page says that what was sent was not saved."""
    if not is_temporary(exception):
        return None  # a broken query is a bug: the ordinary 500, with its traceback in the log
    logger.error("database unavailable: %s: %s", exception.__class__.__name__, exception)
    not_saved = request is not None and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
    response = HttpResponse(render_to_string("503.html", {"not_saved": not_saved}), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
