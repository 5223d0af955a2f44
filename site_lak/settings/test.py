from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.get("MEDIA_ROOT", str(BASE_DIR / "test-artifacts" / "media"))  # noqa: F405
AUDIT_LOG_PATH = str(BASE_DIR / "test-artifacts" / "audit.jsonl")  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Tests never touch the development index: their own prefix, rebuilt by the tests that need it.
if "INDEX_PREFIX" in WAGTAILSEARCH_BACKENDS["default"]:  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] += "test_"  # noqa: F405

# A search's analytics record is written right after its response (search.analytics), so tests see it.
SEARCH_RECORD_BATCH_SECONDS = 0
