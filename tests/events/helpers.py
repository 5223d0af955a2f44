"""Building events for the tests: published, draft and private events under the bootstrapped index."""

import datetime

from django.utils import timezone

from school_events.models import EventPage, EventWinner, SchoolEventKind
from tests.factories import publish_child, section

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def events_index(home):
    return section(home, "su-kien" if home.locale.language_code == "vi" else "events")


def event(home, title, slug, start, end=None, winners=(), **fields):
    """A published event starting `start` (a timedelta from now, or a datetime)."""
    now = timezone.now()
    start = now + start if isinstance(start, datetime.timedelta) else start
    end = now + end if isinstance(end, datetime.timedelta) else end
    fields.setdefault("kind", SchoolEventKind.CONTEST)
    rows = [EventWinner(sort_order=i, **row) for i, row in enumerate(winners)]
    page = EventPage(title=title, slug=slug, start=start, end=end, winners=rows, **fields)
    return publish_child(events_index(home), page)
