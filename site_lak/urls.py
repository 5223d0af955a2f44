from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.sitemaps import AllLocalesSitemap
from site_lak import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("share-card/<int:page_id>/<str:key>.png", home_views.share_card, name="share_card"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/search/click/", include("search_analytics.urls")),
    path("api/search/", include("search.urls")),
    # Vietnamese is the school's language: the bare domain always opens the Vietnamese site.
    path("", RedirectView.as_view(url="/vi/", permanent=False)),
]

if settings.BENCHMARK_VIEWS:  # bench/load.py's baseline; never routed in production
    urlpatterns.append(path("bench/bare", views.bench_bare))

# Image files always come through Django, which refuses those of restricted collections to outsiders
# (home.private_media; nginx hands these two folders to Django, docs/deploy.md). Other media files too
# in development, and under `make serve` with no nginx in front.
urlpatterns.append(re_path(r"^media/(?P<path>(?:original_images|images)/.*)$", views.public_media))
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", views.public_media))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += i18n_patterns(
    # Wagtail's own pattern only serves paths ending in "/"; a page route may also be a file, e.g. an
    # exam notice's "calendar.ics" (its RoutablePageMixin route is "calendar.ics/").
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.ics)$", wagtail_views.serve, name="wagtail_serve_file"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "site_lak.views.server_error"
