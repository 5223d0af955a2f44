"""The search report in the admin: what visitors search for, what finds nothing, what gets clicked."""

import datetime

from django.conf import settings
from django.db.models import Avg, Count, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from search_analytics.models import QueryRecord
from search_analytics.records import flush_records

PERIODS = {"7": 7, "30": 30, "365": 365}


def engine_configured():
    """True when a search engine answers searches, the database backend standing by (site_lak/env.py)."""
    return "database" in settings.WAGTAILSEARCH_BACKENDS


def search_report(request):
    flush_records()  # the searches still waiting in the shared cache count too
    days = PERIODS.get(request.GET.get("days", "30"), 30)
    since = timezone.now() - datetime.timedelta(days=days)
    records = QueryRecord.objects.searches().filter(created_at__gte=since)
    top = (
        records.values("query")
        .annotate(searches=Count("id"), results=Avg("result_count"), clicks=Sum("clicks"))
        .order_by("-searches", "query")[:50]
    )
    zero = (
        records.filter(result_count=0)
        .values("query")
        .annotate(searches=Count("id"))
        .order_by("-searches", "query")[:50]
    )
    totals = records.aggregate(searches=Count("id"), clicks=Sum("clicks"))
    searches = totals["searches"] or 0
    rows = [
        {**row, "click_rate": round(100 * (row["clicks"] or 0) / row["searches"]) if row["searches"] else 0}
        for row in top
    ]
    context = {
        "page_title": _("Site search queries"),
        "header_icon": "search",
        "days": days,
        "periods": PERIODS.values(),
        "top": rows,
        "zero": zero,
        "searches": searches,
        "zero_count": records.filter(result_count=0).count(),
        "click_rate": round(100 * (totals["clicks"] or 0) / searches) if searches else 0,
        # With an engine configured, a search the database answered is one the engine failed; without
        # one, the database is simply the search backend and there is no fallback to report.
        "engine_configured": engine_configured(),
        "fallback_count": records.filter(backend="database").count() if engine_configured() else 0,
        "engine_failures": records.filter(backend="none").count(),
    }
    return render(request, "search_analytics/admin/report.html", context)
