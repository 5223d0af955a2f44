"""The events section of the yearly communications report (reports/sections.py): events and contests held in the
period, per kind, with their participants and winners. One query, aggregated in the database."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.change_notes import exclude_withdrawn
from reports.sections import ReportChart, ReportSection, ReportTable
from school_events.models import EventPage, SchoolEventKind


def events_held(period):
    """Live events of the default language that started in the period and by now (an upcoming event is not held
    yet; withdrawn ones left out), oldest first, each with its number of winners."""
    first, last = period.datetime_range()
    events = EventPage.objects.live().filter(locale=Locale.get_default(), start__gte=first, start__lte=last)
    events = events.filter(start__lte=timezone.now())
    return list(
        exclude_withdrawn(events)
        .annotate(winner_count=Count("winners"))
        .order_by("start", "pk")
        .only("title", "kind", "start", "participant_count")
    )


def events_section(period):
    events = events_held(period)
    held, participants, winners = Counter(), Counter(), Counter()
    for event in events:
        held[event.kind] += 1
        participants[event.kind] += event.participant_count or 0
        winners[event.kind] += event.winner_count
    by_kind = [[str(label), held[kind], participants[kind], winners[kind]] for kind, label in SchoolEventKind.choices]
    contests = held[SchoolEventKind.CONTEST] + held[SchoolEventKind.COMPETITION]
    section = ReportSection(
        key="events",
        order=30,
        title=_("Events and contests"),
        figures=[
            (_("Events held"), len(events)),
            (_("Contests and competitions"), contests),
            (_("Number of participants"), sum(participants.values())),
            (_("Winners"), sum(winners.values())),
        ],
        tables=[
            ReportTable(
                _("Events held by kind"), [_("Kind"), _("Events"), _("Number of participants"), _("Winners")], by_kind
            ),
            ReportTable(
                _("Events held"),
                [_("Date"), _("Event"), _("Kind"), _("Number of participants"), _("Winners")],
                [
                    [
                        date_format(timezone.localtime(event.start), "SHORT_DATE_FORMAT"),
                        event.title,
                        str(event.get_kind_display()),
                        event.participant_count or 0,
                        event.winner_count,
                    ]
                    for event in events
                ],
            ),
        ],
        charts=[ReportChart(_("Events held by kind"), [(row[0], float(row[1])) for row in by_kind])],
    )
    if not events:
        section.notes.append(_("No event or contest was held in this period."))
    return section
