"""Security middleware: a Content Security Policy, and a 503 page when the database is unreachable.

Both are configuration-level code with their knobs in settings (see docs/deploy.md):

* `CONTENT_SECURITY_POLICY` / `CONTENT_SECURITY_POLICY_ADMIN` — dicts of directive → sources. The
  public site gets a strict policy; the Wagtail admin (and its previews) its own looser one, because
  Wagtail's admin scripts need inline code and eval.
* When the database is unreachable, visitors get a short 503 page (rendered without touching the
  database) instead of the generic error page, and load balancers a Retry-After.

The sign-in brake is in accounts/ (accounts/signin.py), the client address and the rate limiter in
site_lak/ratelimit.py.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

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


def database_unreachable():
    """No open connection: connecting failed, or the server closed it."""
    raw = connection.connection
    return raw is None or bool(getattr(raw, "closed", False))


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached answers 503 "try again shortly", not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable_response(exception)


def unavailable_response(exception):
    """The 503 page when `exception` means the database cannot be reached; None for any other error.

    Used for exceptions of views (above) and, through the 500 handler, of middleware: a visitor with a
    session cookie reaches the database first in the authentication middleware."""
    if not isinstance(exception, OperationalError | InterfaceError) or not database_unreachable():
        return None  # a broken query is a bug: the ordinary 500, with its traceback in the log
    logger.error("database unavailable: %s: %s", exception.__class__.__name__, exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
