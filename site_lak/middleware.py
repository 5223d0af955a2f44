"""Security middleware: a Content Security Policy, and a 503 page when the database is unreachable.

Both are configuration-level code with their knobs in settings (see docs/deploy.md):

* `CONTENT_SECURITY_POLICY` / `CONTENT_SECURITY_POLICY_ADMIN` (site_lak/settings/base.py) — dicts of
  directive → sources. The public site gets a strict policy; the Wagtail admin (and its previews) its
  own looser one, because Wagtail's admin scripts need inline code and eval.
* When the database cannot serve a request now (unreachable, locked, read-only, disk full), visitors get
  a short 503 page (rendered without touching the database) instead of the generic error page, saying
  that what they sent was not saved, and load balancers a Retry-After.

The sign-in brake is in accounts/ (accounts/signin.py), the client address and the rate limiter in
accounts/ratelimit.py.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from site_lak.database_errors import is_temporary

logger = logging.getLogger(__name__)


def format_policy(policy):
    return "; ".join(f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.site_header = format_policy(settings.CONTENT_SECURITY_POLICY)
        self.admin_header = format_policy(settings.CONTENT_SECURITY_POLICY_ADMIN)
        self.admin_prefix = settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIX
        self.report_only = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY

    def __call__(self, request):
        response = self.get_response(request)
        header = "Content-Security-Policy-Report-Only" if self.report_only else "Content-Security-Policy"
        if not response.has_header(header):
            admin = request.path_info.startswith(self.admin_prefix)
            response[header] = self.admin_header if admin else self.site_header
        return response


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
