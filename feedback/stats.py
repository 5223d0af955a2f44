"""Feedback statistics and exports, computed from the stored records (no personal data leaves here)."""

import math
import statistics

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.records import Feedback
from feedback.vocabulary import Category, Channel, Status


def in_range(queryset, start=None, end=None):
    """Records received between two local dates, both included."""
    if start:
        queryset = queryset.filter(created_at__date__gte=start)
    if end:
        queryset = queryset.filter(created_at__date__lte=end)
    return queryset


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def bars(counts, choices):
    """Rows for a bar chart: every choice, zero included, with its width relative to the largest."""
    largest = max(counts.values(), default=0) or 1
    return [
        {"key": key, "label": label, "count": counts.get(key, 0), "percent": round(100 * counts.get(key, 0) / largest)}
        for key, label in choices
    ]


def feedback_statistics(start=None, end=None):
    queryset = in_range(Feedback.objects.all(), start, end)

    def counts(field):
        return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))

    months = queryset.order_by().annotate(month=TruncMonth("created_at")).values_list("month").annotate(n=Count("pk"))
    month_counts = {f"{month:%Y-%m}": n for month, n in months if month}
    month_choices = [(key, f"{key[5:]}/{key[:4]}") for key in sorted(month_counts)]

    hours = [
        (answered - created).total_seconds() / 3600
        for created, answered in queryset.filter(answered_at__isnull=False).values_list("created_at", "answered_at")
    ]
    return {
        "start": start,
        "end": end,
        "total": queryset.count(),
        "overdue": queryset.overdue().count(),
        "by_category": bars(counts("category"), Category.choices),
        "by_channel": bars(counts("channel"), Channel.choices),
        "by_status": bars(counts("status"), Status.choices),
        "by_month": bars(month_counts, month_choices),
        "answered": len(hours),
        "median_hours": statistics.median(hours) if hours else None,
        "p90_hours": percentile(hours, 0.9) if hours else None,
    }


def export_rows(start=None, end=None):
    """A header row, then one row per record: triage data only, never the sender's details or message."""
    yield [
        _("Reference code"),
        _("Received"),
        _("Channel"),
        _("Category"),
        _("Status"),
        _("Subject"),
        _("Assigned to"),
        _("Due date"),
        _("Answered"),
        _("Response time (hours)"),
        _("Overdue"),
        _("Consultation"),
    ]
    queryset = (
        in_range(Feedback.objects.all(), start, end)
        .select_related("assigned_to", "consultation")
        .order_by("created_at", "pk")
    )
    for item in queryset.iterator():
        response = item.response_time
        yield [
            item.reference,
            timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M"),
            item.get_channel_display(),
            item.get_category_display(),
            item.get_status_display(),
            item.subject,
            item.assigned_to.get_full_name() or item.assigned_to.get_username() if item.assigned_to else "",
            item.due_date.isoformat() if item.due_date else "",
            timezone.localtime(item.answered_at).strftime("%Y-%m-%d %H:%M") if item.answered_at else "",
            round(response.total_seconds() / 3600, 1) if response else "",
            _("yes") if item.is_overdue else "",
            item.consultation.title if item.consultation else "",
        ]
