"""Demo entries of the editorial calendar for `bootstrap_site --demo` (the `site_lak_demo` hook in
plan/wagtail_hooks.py): the last day to mark of the current school year, covered by a post on the school's
Facebook page, and the next one, planned for the website, so the dashboard, the coverage report and the yearly
communications report (reports/) show a covered day, a planned one and the Facebook channel. Idempotent."""

from django.utils import timezone

from home.validators import school_year_bounds, school_year_of
from plan.content_areas import ContentArea
from plan.models import Channel, ItemStatus, PlannedItem, marked_days


def create_demo_items(home, home_en):
    today = timezone.localdate()
    first_day, next_year = school_year_bounds(school_year_of(today))
    days = marked_days(first_day, next_year)
    past = [(day, event) for day, event, _planned in days if day <= today]
    future = [(day, event) for day, event, _planned in days if day > today]
    if past:
        day, event = past[-1]
        PlannedItem.objects.get_or_create(
            topic=f"Bài đăng Facebook: {event.title}",
            defaults={
                "content_area": ContentArea.TRADITIONS,
                "channel": Channel.FACEBOOK,
                "due_date": day,
                "status": ItemStatus.PUBLISHED,
                "published_on": day,
                "event": event,
            },
        )
    if future:
        day, event = future[0]
        PlannedItem.objects.get_or_create(
            topic=f"Tin bài kỷ niệm: {event.title}",
            defaults={
                "content_area": ContentArea.TRADITIONS,
                "channel": Channel.WEBSITE,
                "due_date": day,
                "status": ItemStatus.PLANNED,
                "event": event,
            },
        )
