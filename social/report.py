"""The Facebook section of the yearly communications report (reports/sections.py): posts sent, failed and still
waiting in the period, in all and per page family, from the stored posts in one aggregate query."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.families import page_families
from reports.sections import ReportChart, ReportSection, ReportTable
from social import graph
from social.models import FacebookPost, PostStatus


def counts_per_family(period):
    """{family key: {"sent": n, "failed": n, "waiting": n}} for the period."""
    start, end = period.datetime_range()
    rows = (
        FacebookPost.objects.filter(
            Q(status=PostStatus.SENT, sent_at__range=(start, end))
            | Q(status=PostStatus.FAILED, updated_at__range=(start, end))
            | Q(status__in=[PostStatus.QUEUED, PostStatus.SENDING], created_at__range=(start, end))
        )
        .values("family")
        .annotate(
            sent=Count("pk", filter=Q(status=PostStatus.SENT)),
            failed=Count("pk", filter=Q(status=PostStatus.FAILED)),
            waiting=Count("pk", filter=Q(status__in=[PostStatus.QUEUED, PostStatus.SENDING])),
        )
        .order_by("family")
    )
    return {row["family"]: {key: row[key] for key in ("sent", "failed", "waiting")} for row in rows}


def family_label(key):
    model = page_families().get(key)
    return str(model.family.label) if model is not None else key or "–"


def facebook_section(period):
    counts = counts_per_family(period)
    total = {key: sum(row[key] for row in counts.values()) for key in ("sent", "failed", "waiting")}
    rows = [
        [family_label(family), row["sent"], row["failed"], row["waiting"]] for family, row in sorted(counts.items())
    ]
    notes = []
    if not graph.configured():
        notes.append(_("Posting to Facebook is not configured: pages are shared by hand and not counted here."))
    return ReportSection(
        key="facebook",
        order=40,
        title=_("The school's Facebook page"),
        figures=[
            (_("Posts sent to Facebook"), total["sent"]),
            (_("Posts that failed"), total["failed"]),
            (_("Posts still waiting"), total["waiting"]),
        ],
        tables=[
            ReportTable(
                title=_("Facebook posts per kind of page"),
                headers=[_("Kind of page"), _("Sent"), _("Failed"), _("Waiting")],
                rows=rows,
            )
        ],
        # A chart only when there is something to draw: an empty one would describe nothing.
        charts=[ReportChart(title=_("Posts sent to Facebook per kind of page"), bars=[(r[0], r[1]) for r in rows])]
        if rows
        else [],
        notes=notes,
    )
