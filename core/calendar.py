"""iCalendar (RFC 5545) files: what the exam notices, the events and the events feed hand to a phone's calendar.

A page builds `CalendarEntry` values (one per key date, one per event) and returns `calendar_response(...)`.
An entry whose start is a date (no time) is an all-day entry, shown as free time; one with a date-time is
written in the school's time zone, with its VTIMEZONE.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from home.seo import site_address


@dataclass
class CalendarEntry:
    uid: str  # unique and stable: the same entry downloaded twice updates rather than duplicates
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    stamp: datetime.datetime | None = None


def uid(*parts):
    """A UID on the site's host name: `exam-3-date-7@thptlak.edu.vn`."""
    return "-".join(str(part) for part in parts) + f"@{site_address()[0] or 'site-lak'}"


def local(value):
    """A naive date-time read in the school's time zone; an aware one converted to it."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return value.replace(tzinfo=zone) if timezone.is_naive(value) else value.astimezone(zone)


def _event(entry):
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", entry.stamp or timezone.now())
    event.add("summary", entry.summary)
    if isinstance(entry.start, datetime.datetime):
        event.add("dtstart", local(entry.start))
        if entry.end:
            event.add("dtend", local(entry.end))
    else:  # a whole day (or days): the end is exclusive
        event.add("dtstart", entry.start)
        event.add("dtend", (entry.end or entry.start) + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if entry.location:
        event.add("location", entry.location)
    description = "\n".join(part for part in (entry.description, entry.url) if part)
    if description:
        event.add("description", description)
    if entry.url:
        event.add("url", entry.url)
    return event


def calendar_response(entries, *, name, filename, product):
    """An .ics download holding `entries`, named `name` in calendar apps and `filename` when saved."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//site_lak//{product}//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(_event(entry))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
