"""Building events for the tests: published, draft and private events under the bootstrapped index."""

import datetime

from django.utils import timezone

from school_events.models import EventWinner
from tests.factories import EventPageFactory, section

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def events_index(home):
    return section(home, "su-kien" if home.locale.language_code == "vi" else "events")


def event(home, title, slug, start, end=None, winners=(), **fields):
    """A published contest starting `start` (a timedelta from now, or a datetime) unless `fields` say otherwise."""
    now = timezone.now()
    start = now + start if isinstance(start, datetime.timedelta) else start
    end = now + end if isinstance(end, datetime.timedelta) else end
    rows = [EventWinner(sort_order=i, **row) for i, row in enumerate(winners)]
    return EventPageFactory(home=home, title=title, slug=slug, start=start, end=end, winners=rows, **fields)
