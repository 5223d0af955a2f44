"""Settings shared by every environment. Machine-specific values come from site_lak.env."""

from pathlib import Path

import PIL.Image
from django.utils.translation import gettext_lazy as _

from site_lak import env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env.get("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop")
DEBUG = env.flag("DEBUG", False)
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.csv_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "core",
    "home",
    "news",
    "policies",
    "people",
    "exams",
    "school_events",
    "documents",
    "search",
    "search_analytics",
    "feedback",
    "press",
    "editorial",
    "plan",
    "disclosure",
    "worker",
    "reports",
    "accounts",
    "social",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "site_lak.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag/304 for every response, cached ones included; then the anonymous page cache, which must sit
    # above the session, CSRF and messages middleware to see the cookies they set (docs/caching.md).
    "django.middleware.http.ConditionalGetMiddleware",
    "home.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Routes of Wagtail pages kept until the next purge (core.render_cache, docs/caching.md); after LocaleMiddleware.
    "core.render_cache.RouteCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: who has passed the second step, and holding back those who have not (docs/two-factor.md).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.LoginRateLimitMiddleware",
    "site_lak.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Content Security Policy (site_lak/middleware.py, docs/deploy.md): directive → sources. The public site gets
# a strict one; the Wagtail admin (and its previews, under the prefix) its own, because Wagtail's admin
# scripts need inline code and eval. CSP_REPORT_ONLY=1 sends it as report-only while trying a change.
embed_frames = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://www.facebook.com",
    "https://web.facebook.com",
]
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    # Wagtail's responsive embeds set their aspect ratio in a style attribute.
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": ["'self'", *embed_frames],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Avatars (Gravatar) and embed thumbnails come from elsewhere.
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *embed_frames],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_REPORT_ONLY = env.flag("CSP_REPORT_ONLY", False)

# Anonymous page cache (home.cache, docs/caching.md): seconds a browser or CDN may reuse a page, and
# seconds it is kept here; the cache that holds the pages; the render lock (seconds it lasts, seconds a
# request waits for another's render, seconds between two looks); PAGE_CACHE_EXCLUDED_PATHS is below MEDIA_URL.
PAGE_CACHE_ENABLED = True
PAGE_CACHE_MAX_AGE = env.integer("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_TIMEOUT = env.integer("PAGE_CACHE_TIMEOUT", 600)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_LOCK_TIMEOUT = 10
PAGE_CACHE_WAIT = 5
PAGE_CACHE_POLL_INTERVAL = 0.05
# The home page's sections (home.sections): seconds they are kept at most.
HOME_SECTIONS_TIMEOUT = 60
# Anonymous search results (search.cache): seconds the same search is answered without searching again; 0: off.
SEARCH_CACHE_TIMEOUT = env.integer("SEARCH_CACHE_TIMEOUT", 60)
# Search analytics (search_analytics.records): a search's record waits in the page cache and is written in a batch
# after a response once the oldest has waited this many seconds (and by the worker on every round).
SEARCH_RECORD_BATCH_SECONDS = 5
# Every rate limit of the site, (hits, seconds), counted in the shared cache (accounts/ratelimit.py), so
# they hold across workers and hosts. Addresses come from TRUSTED_PROXY_COUNT below.
RATE_LIMITS = {
    # Feedback form submissions from one address (feedback/pages.py).
    "feedback": (5, 10 * 60),
    # Status look-ups (tra-cuu/ with a code) from one address.
    "feedback-status": (20, 10 * 60),
    # Acknowledgement mails caused by one address, and sent to one e-mail address (feedback/notify.py).
    "feedback-mail-address": (10, 60 * 60),
    "feedback-mail-recipient": (3, 60 * 60),
    # Failed sign-ins (passwords and two-factor codes) from one address: then every sign-in from it is
    # refused until the window ends; for one user name from any address: then the addresses that failed
    # on it are refused, others still sign in with the right password (accounts/signin.py).
    "signin-address": (10, 15 * 60),
    "signin-username": (10, 15 * 60),
    # Password-reset requests from one address, and reset mails to one account (accounts/forms.py).
    "password-reset-address": (5, 60 * 60),
    "password-reset-recipient": (3, 60 * 60),
}
# Feedback (docs/feedback.md): a form sent sooner than this many seconds after it was shown is taken for a
# robot; the largest attachment; response targets in calendar days per category, over the defaults of
# feedback.vocabulary.DEFAULT_RESPONSE_DAYS.
FEEDBACK_MIN_SECONDS = 3
FEEDBACK_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
FEEDBACK_RESPONSE_DAYS = {}
# Forms whose failures count towards that limit: the password and the two-factor code.
LOGIN_RATE_LIMITED_URLS = ["wagtailadmin_login", "two_factor_verify"]
# Members of these groups (names, comma-separated) must set up two-factor sign-in (docs/two-factor.md).
REQUIRE_2FA_GROUPS = env.csv_list("REQUIRE_2FA_GROUPS", [])
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
# /bench/bare, a view that does nothing, for bench/load.py only.
BENCHMARK_VIEWS = env.flag("BENCHMARK_VIEWS", False)

ROOT_URLCONF = "site_lak.urls"
WSGI_APPLICATION = "site_lak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_context",
            ],
        },
    },
]

DATABASES = {"default": env.database(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" is shared by every process and host (rate limits, the page cache's generation); "pages" keeps
# whole pages (docs/caching.md).
CACHES = env.caches("site-lak-pages")

# Background tasks (django-tasks): inline by default; production queues them for run_worker (docs/background-tasks.md).
TASKS = env.tasks("immediate")

_email = env.email()
globals().update(_email)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Trường THPT Lắk <no-reply@thptlak.edu.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: Vietnamese first, English second. Every URL carries its language (/vi/…, /en/…).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# First wins: the project's own strings, then its corrections and completions of Wagtail's, wagtail-localize's
# and Django's Vietnamese (kept apart so that makemessages, which drops msgids not in our sources, keeps
# them; docs/i18n.md), then each app's own catalogue.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["site_lak.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Where collectstatic writes (the production settings serve the files from there, with their manifest).
STATIC_ROOT = env.get("STATIC_ROOT", str(BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = env.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Only for `make serve` on one machine without nginx: Django itself serves the uploaded files.
SERVE_MEDIA = env.flag("SERVE_MEDIA", False)
# Path prefixes the page cache never looks up.
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/documents/",
    "/healthz",
    "/readyz",
    "/i18n/",
    "/bench/",
    STATIC_URL,
    MEDIA_URL,
]
# Never served by a /media/ address: documents (Wagtail's view checks collection restrictions) and
# feedback attachments (staff only, through the admin). site_lak.views.public_media; nginx in docs/deploy.md.
PRIVATE_MEDIA_PREFIXES = ("documents/", "feedback/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "wagtailadmin_login"
# Restricted pages and documents (the intranet) send visitors to the same, rate-limited, sign-in page.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"

# Wagtail
WAGTAIL_SITE_NAME = "Trường THPT Lắk"
# The name authenticator apps show beside the account (two-factor sign-in).
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# The public address (no trailing slash): absolute links and the default Site record (docs/deploy.md).
SITE_URL = env.site_url("http://127.0.0.1:8000")
# Cross-posting to the school's Facebook page (social/, docs/facebook.md): the Graph API's versioned address,
# the page's id and a page access token (a secret: never logged nor shown). Without id and token nothing is
# queued and the editor offers "copy text and link" instead.
FACEBOOK_GRAPH_URL = env.http_url("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v21.0")
FACEBOOK_PAGE_ID = env.get("FACEBOOK_PAGE_ID", "")
FACEBOOK_PAGE_TOKEN = env.get("FACEBOOK_PAGE_TOKEN", "")
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAILSEARCH_BACKENDS = env.search_backends(env.get("SEARCH_INDEX_PREFIX", "site_lak_"))
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Page addresses are ASCII, folded from Vietnamese titles (home/slugs.py): short links to share on Zalo.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "ods", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Upstream gap: Willow decodes a whole upload before Wagtail counts its pixels. Pillow refuses an image
# above twice its MAX_IMAGE_PIXELS while still reading the header, so halving our limit there means a
# decompression bomb is refused before it is decoded. Tripwire: tests/site_lak/test_security.py
# test_upstream_gap_willow_decodes_an_image_before_its_size_is_known (fails once upstream reads the header only).
PIL.Image.MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Password-reset mails are rate-limited per address and per account (RATE_LIMITS, accounts/forms.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.PasswordResetForm"
WAGTAILSEARCH_HITS_MAX_AGE = 30

# Moderation e-mails (Wagtail's notifications): reviewers when something waits for them, authors when
# it is approved or rejected. Superusers are technical accounts and get none.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Approving the last step publishes; the workflow itself is the authorisation (an upstream gap, listed in
# editorial/upstream.py; tripwire: test_upstream_gap_default_finish_action_needs_publish_permission).
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.workflows.publish_approved"
# Every audit log entry is also appended to this JSON-lines file (editorial/audit.py).
AUDIT_LOG_PATH = env.get("AUDIT_LOG_PATH", str(BASE_DIR / "var" / "audit.jsonl"))
# The communications report's PDF is set in Noto Sans (regular, bold, italic TTF files of Debian's fonts-noto-core,
# installed by .ci/run): docs/communications-report.md.
REPORT_FONT_DIR = "/usr/share/fonts/truetype/noto"

WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
# A new translation starts as a draft, to go through its workflow (by default wagtail-localize
# publishes it at once, in the source language, when the source is live). docs/i18n.md
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

SITE_NAME = _("Lak High School")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # The database worker logs its start and stop on every poll (each second).
        "django_tasks_db": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
    },
}
