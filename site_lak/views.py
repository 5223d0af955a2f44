"""Site-wide views that belong to no page family: health checks, public media and the error pages."""

import posixpath
import sys

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.static import serve

from home.private_media import IMAGE_PREFIXES, image_restriction_response

PUBLIC_IMAGE_MAX_AGE = 3600


def public_media(request, path):
    """A file under MEDIA_ROOT fetched by its address: images and renditions, to those who may see them.

    Documents are served by Wagtail's own view, which checks collection restrictions (the intranet's
    documents), and feedback attachments only to staff through the admin; their files must never be
    reachable by a guessed /media/ address (nginx refuses the same prefixes, docs/deploy.md). Images of a
    restricted collection go only to the collection's groups (home.private_media), never to a shared cache.
    """
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith(settings.PRIVATE_MEDIA_PREFIXES):
        raise Http404
    refusal, restricted = image_restriction_response(request, path)
    if refusal is not None:
        return refusal
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if restricted:
        patch_cache_control(response, private=True, no_store=True)
    elif path.startswith(IMAGE_PREFIXES):
        # An hour: an image moved into a restricted collection leaves shared caches soon enough.
        patch_cache_control(response, public=True, max_age=PUBLIC_IMAGE_MAX_AGE)
    return response


def healthz(request):
    """The process is up."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """The database and the search engine answer; 503 names what does not."""
    from wagtail.search.backends import get_search_backend

    problems = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any driver error means not ready
        problems["database"] = error.__class__.__name__
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None:
        # Name the engine and where it was looked for, so the operator knows what to restart.
        urls = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("URLS", [])
        engine = f"{backend.__class__.__module__.rsplit('.', 1)[-1]} at {', '.join(urls)}"
        try:
            if not client.ping():
                problems["search"] = f"{engine}: unreachable"
        except Exception as error:
            problems["search"] = f"{engine}: {error.__class__.__name__}"
    status = 503 if problems else 200
    return JsonResponse({"status": "ok" if not problems else "unavailable", "problems": problems}, status=status)


def bench_bare(request):
    """The cheapest Django response, the baseline of bench/load.py (routed only when BENCHMARK_VIEWS is on)."""
    return HttpResponse(b"ok", content_type="text/plain")


def server_error(request):
    from site_lak.middleware import unavailable_response

    return unavailable_response(sys.exc_info()[1]) or render(request, "500.html", status=500)
