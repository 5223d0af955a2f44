"""Feedback's sections of the yearly communications report (reports/sections.py): feedback received, answered
and overdue per category with the median answer time, public consultations and their outcomes, communication
incidents and how they were handled. Each section is a fixed number of queries, whatever the number of records."""

import statistics

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from feedback.pages import ConsultationPage
from feedback.records import Feedback, Incident
from feedback.stats import in_range
from feedback.vocabulary import OPEN_STATUSES, Category, IncidentStatus, Severity, response_days
from reports.sections import HOOK_NAME, ReportChart, ReportSection, ReportTable

OUTCOME_WORDS = 40


def day_label(moment):
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    return f"{day.day}/{day.month}/{day.year}"


def hours(delta):
    return delta.total_seconds() / 3600


def median_hours(values):
    return round(statistics.median(values), 1) if values else "–"


def tally(records, today):
    """Counts for one category (or all) from (status, due date, created, answered) tuples."""
    answered = [hours(done - created) for _status, _due, created, done in records if done]
    late = sum(1 for _status, due, _created, done in records if done and due and timezone.localdate(done) > due)
    overdue = sum(1 for status, due, _created, done in records if status in OPEN_STATUSES and due and due < today)
    return {"received": len(records), "answered": len(answered), "late": late, "overdue": overdue, "hours": answered}


@hooks.register(HOOK_NAME)
def feedback_section(period):
    today = timezone.localdate()
    records = {key: [] for key in Category.values}
    queryset = in_range(Feedback.objects.all(), period.start, period.end).order_by()
    for category, *values in queryset.values_list("category", "status", "due_date", "created_at", "answered_at"):
        records.setdefault(category, []).append(tuple(values))
    per_category = {key: tally(records[key], today) for key in Category.values}
    total = tally([record for values in records.values() for record in values], today)
    rows = [[str(label), *row_of(per_category[key]), response_days(key)] for key, label in Category.choices] + [
        [_("Total"), *row_of(total), "–"]
    ]
    medians = {str(label): median_hours(per_category[key]["hours"]) for key, label in Category.choices}
    return ReportSection(
        key="feedback",
        order=60,
        title=_("Feedback from the public"),
        figures=[
            (_("Feedback received"), total["received"]),
            (_("Answered"), total["answered"]),
            (_("Answered after the due date"), total["late"]),
            (_("Still open and overdue"), total["overdue"]),
            (_("Median answer time (hours)"), median_hours(total["hours"])),
        ],
        tables=[
            ReportTable(
                title=_("Feedback per category"),
                headers=[
                    _("Category"),
                    _("Number received"),
                    _("Answered"),
                    _("Answered late"),
                    _("Open and overdue"),
                    _("Median answer time (hours)"),
                    _("Answer within (days)"),
                ],
                rows=rows,
            )
        ],
        charts=[
            ReportChart(
                title=_("Feedback received per category"),
                bars=[(str(label), per_category[key]["received"]) for key, label in Category.choices],
            ),
            ReportChart(
                title=_("Median answer time per category, in hours (the mark is the time allowed)"),
                bars=[(label, value if value != "–" else 0) for label, value in medians.items()],
                targets={str(label): response_days(key) * 24 for key, label in Category.choices},
            ),
        ],
        notes=[_("Counted: feedback received in the period; answers and overdue items as they stand today.")],
    )


def row_of(counts):
    return [counts["received"], counts["answered"], counts["late"], counts["overdue"], median_hours(counts["hours"])]


def outcome_text(page):
    """The outcome's text (its rich-text paragraphs, without markup), shortened; "" when none is published."""
    paragraphs = [strip_tags(block["value"]) for block in page.outcome.raw_data if block["type"] == "paragraph"]
    return Truncator(" ".join(text.strip() for text in paragraphs if text.strip())).words(OUTCOME_WORDS)


@hooks.register(HOOK_NAME)
def consultations_section(period):
    first, last = period.datetime_range()
    pages = list(
        ConsultationPage.objects.live()
        .filter(locale=Locale.get_default(), opens_at__lte=last, closes_at__gte=first)
        .order_by("opens_at", "pk")
    )
    comments = dict(
        Feedback.objects.filter(consultation__translation_key__in=[page.translation_key for page in pages])
        .order_by()
        .values_list("consultation__translation_key")
        .annotate(count=Count("pk"))
    )
    rows = []
    for page in pages:
        outcome = outcome_text(page)
        count = comments.get(page.translation_key, 0)
        status = page.consultation_status_label
        rows.append(
            [page.title, day_label(page.opens_at), day_label(page.closes_at), str(status), count, outcome or "–"]
        )
    with_outcome = sum(1 for row in rows if row[-1] != "–")
    return ReportSection(
        key="consultations",
        order=70,
        title=_("Public consultations"),
        figures=[
            (_("Consultations in the period"), len(pages)),
            (_("Comments received"), sum(row[4] for row in rows)),
            (_("Outcomes published"), with_outcome),
        ],
        tables=[
            ReportTable(
                title=_("Consultations and their outcomes"),
                headers=[
                    _("Consultation"),
                    _("Comments open"),
                    _("Comments close"),
                    _("Status"),
                    _("Comments received"),
                    _("Outcome"),
                ],
                rows=rows,
            )
        ],
        charts=[ReportChart(title=_("Comments received per consultation"), bars=[(row[0], row[4]) for row in rows])]
        if rows
        else [],
    )


def incident_row(incident):
    statement = incident.final_statement or incident.holding_statement
    return [
        day_label(incident.detected_at),
        incident.title,
        incident.get_severity_display(),
        incident.get_status_display(),
        f"{incident.actions_done}/{incident.actions_total}",
        incident.actions_overdue,
        statement.title if statement else "–",
        Truncator(incident.lessons_learned).words(OUTCOME_WORDS) or "–",
    ]


@hooks.register(HOOK_NAME)
def incidents_section(period):
    today = timezone.localdate()
    incidents = list(
        Incident.objects.filter(detected_at__range=period.datetime_range())
        .select_related("holding_statement", "final_statement")
        .annotate(
            actions_total=Count("actions"),
            actions_done=Count("actions", filter=Q(actions__done=True)),
            actions_overdue=Count("actions", filter=Q(actions__done=False, actions__due_date__lt=today)),
        )
        .order_by("detected_at", "pk")
    )
    handled = [i for i in incidents if i.status in (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)]
    severities = {key: sum(1 for i in incidents if i.severity == key) for key in Severity.values}
    return ReportSection(
        key="incidents",
        order=80,
        title=_("Communication incidents"),
        figures=[
            (_("Incidents detected"), len(incidents)),
            (_("Resolved or closed"), len(handled)),
            (_("With a public statement"), sum(1 for i in incidents if i.final_statement_id or i.holding_statement_id)),
            (_("Actions done"), sum(i.actions_done for i in incidents)),
            (_("Actions overdue"), sum(i.actions_overdue for i in incidents)),
        ],
        tables=[
            ReportTable(
                title=_("Incidents and how they were handled"),
                headers=[
                    _("Detected"),
                    _("Incident"),
                    _("Severity"),
                    _("Status"),
                    _("Actions done"),
                    _("Actions overdue"),
                    _("Statement"),
                    _("Lessons learned"),
                ],
                rows=[incident_row(incident) for incident in incidents],
            )
        ],
        charts=[
            ReportChart(
                title=_("Incidents per severity"),
                bars=[(str(label), severities[key]) for key, label in Severity.choices],
            )
        ],
    )
