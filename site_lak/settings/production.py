"""Production: every secret comes from the environment, and HTTPS is assumed in front."""

from .base import *  # noqa: F403

DEBUG = False

if env.get("SECRET_KEY") is None:  # noqa: F405
    raise env.ConfigurationError("SECRET_KEY", "must be set in production (50+ random characters)")  # noqa: F405
if len(SECRET_KEY) < 50:  # noqa: F405
    raise env.ConfigurationError("SECRET_KEY", "must be at least 50 characters long in production")  # noqa: F405
if env.get("ALLOWED_HOSTS") is None:  # noqa: F405
    raise env.ConfigurationError("ALLOWED_HOSTS", "must list the site's host names in production")  # noqa: F405

# Background tasks wait in the database for run_worker, so a request never runs them (docs/background-tasks.md).
TASKS = env.tasks("database")  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Nothing frames the site; Wagtail marks its own preview views SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# nginx (and a load balancer, if any) in front: the client address is the last X-Forwarded-For hop(s).
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 1)  # noqa: F405
