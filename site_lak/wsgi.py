import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_lak.settings.production")

django_application = get_wsgi_application()

# Page-cache hits are answered before Django's middleware (docs/caching.md); importable only once Django is set up.
from core.cache_hits import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
