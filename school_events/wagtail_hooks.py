from django.utils.translation import gettext as _
from wagtail import hooks

from home.sections import HomeSection
from school_events import demo
from school_events.models import EventIndexPage, EventPage, upcoming_q, with_finish
from school_events.report import events_section


@hooks.register("site_lak_home_sections")
def upcoming_events(source):
    """The next three public events, soonest first (cached with the other sections until the next publication)."""
    index = source.index(EventIndexPage)
    if index is None:
        return None
    items = with_finish(source.listed(EventPage, index)).select_related("social_image")
    items = items.filter(upcoming_q()).order_by("start", "pk")[:3]
    return HomeSection("events", _("Upcoming events and contests"), list(items), index.url, _("All events"), order=25)


@hooks.register("site_lak_report_sections")
def events_report_section(period):
    return events_section(period)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_pages)
