"""Site-wide views that belong to no page family: health checks, public media and the error pages."""

import logging
import posixpath
import sys

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.static import serve
from wagtail.search.backends import get_search_backend

from home.private_media import IMAGE_PREFIXES, image_restriction_response
from site_lak.middleware import unavailable_response
from worker import heartbeat
from worker.task_queue import queue_enabled

logger = logging.getLogger(__name__)

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
    """Ready when the database takes a write, the worker beat within two minutes (when tasks are queued
    for it) and the search engine answers; otherwise 503 naming the failing part.

    The public body names parts only; what failed and where (addresses, exception text) goes to the log.
    Three cheap round trips: one upsert, one indexed read, one engine ping.
    """
    problems = {}
    try:
        heartbeat.probe_write()  # a real write: a read-only or full database fails here, not on SELECT 1
    except Exception:  # any driver error means not ready
        logger.exception("readyz: the database does not accept a write")
        problems["database"] = "not writable"
    if "database" not in problems and queue_enabled():
        try:
            alive = heartbeat.worker_is_alive()
        except Exception:
            logger.exception("readyz: cannot read the worker's heartbeat")
            alive = False
        if not alive:
            logger.error("readyz: no worker heartbeat within %s s (is run_worker running?)", heartbeat.MAX_AGE)
            problems["worker"] = "no heartbeat"
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None:
        urls = ", ".join(settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("URLS", []))
        try:
            if not client.ping():
                logger.error("readyz: search engine at %s does not answer a ping", urls)
                problems["search"] = "unreachable"
        except Exception:
            logger.exception("readyz: search engine at %s unreachable", urls)
            problems["search"] = "unreachable"
    status = 503 if problems else 200
    response = JsonResponse({"status": "ok" if not problems else "unavailable", "problems": problems}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def bench_bare(request):
    """The cheapest Django response, the baseline of bench/load.py (routed only when BENCHMARK_VIEWS is on)."""
    return HttpResponse(b"ok", content_type="text/plain")


def server_error(request):
    return unavailable_response(sys.exc_info()[1], request) or render(request, "500.html", status=500)
