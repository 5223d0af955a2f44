"""Site-wide views that belong to no page family: health checks and the error pages."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


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
        try:
            if not client.ping():
                problems["search"] = "unreachable"
        except Exception as error:
            problems["search"] = error.__class__.__name__
    status = 503 if problems else 200
    return JsonResponse({"status": "ok" if not problems else "unavailable", "problems": problems}, status=status)


def server_error(request):
    return render(request, "500.html", status=500)
