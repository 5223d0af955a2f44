"""Lịch công tác tuần: the weekly work schedule, one public page per language and entries kept in the admin.

Entries are shared by both languages (they are written once, in Vietnamese). An entry marked "staff only"
is shown to the school's staff and never to anyone else: the page picks entries per request, and an
anonymous visitor's copy, the only one the page cache keeps, is built without them. Any change to an
entry purges the page cache, so the public week view never shows a stale schedule.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from accounts.staff import is_staff
from home.cache import purge_all
from home.models import BasePage

WEEKDAY_NAMES = [
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
]
# The weeks one may browse: far enough for the school's archive and plans, near enough to refuse nonsense.
FIRST_YEAR, LAST_YEAR = 2000, 2100
ISO_WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)


class WeekError(ValueError):
    """A week parameter that names no week we can show; its message is for the visitor."""


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


def parse_week(query):
    """The Monday of the week asked for by `?week=2024-W12` or `?tuan=2024-03-26` (any day of the week).

    None when neither is given (the current week); WeekError for a malformed or out-of-range value.
    """
    iso_week = (query.get("week") or "").strip()
    day = (query.get("tuan") or "").strip()
    if iso_week:
        match = ISO_WEEK_RE.match(iso_week)
        if not match:
            raise WeekError(
                gettext("“%(value)s” is not a week. Write it as 2024-W12 (year, W, week number).")
                % {"value": iso_week[:40]}
            )
        year, week = int(match.group(1)), int(match.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise WeekError(out_of_range_message())
        try:
            monday = datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise WeekError(gettext("Year %(year)s has no week %(week)s.") % {"year": year, "week": week}) from None
        return monday
    if day:
        try:
            date = datetime.date.fromisoformat(day)
        except ValueError:
            raise WeekError(
                gettext("“%(value)s” is not a date. Write it as YYYY-MM-DD, e.g. 2024-03-26.") % {"value": day[:40]}
            ) from None
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise WeekError(out_of_range_message())
        return monday_of(date)
    return None


def school_year_start(day):
    """1 September of the school year `day` falls in (a Vietnamese school year runs September to May)."""
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def browsable_weeks(today=None):
    """(first Monday, last Monday) a visitor may browse: the previous, current and next school years, and
    back to the school year of the earliest entry kept. Beyond is 404, so a crawler following "next week"
    stops somewhere."""
    start = school_year_start(today or timezone.localdate())
    first = datetime.date(start.year - 1, 9, 1)
    earliest = WorkScheduleEntry.objects.aggregate(earliest=models.Min("day"))["earliest"]
    if earliest is not None:
        first = min(first, school_year_start(earliest))
    return monday_of(first), monday_of(datetime.date(start.year + 2, 8, 31))


def out_of_range_message():
    return gettext("The schedule only covers the years %(first)s to %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


class WorkScheduleEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_staff(user) else self.filter(staff_only=False)

    def in_week(self, monday):
        return self.filter(day__range=(monday, monday + datetime.timedelta(days=6)))


class WorkScheduleEntry(models.Model):
    """One line of the weekly schedule: a meeting, a ceremony, an inspection."""

    day = models.DateField(_("day"), db_index=True)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    content = models.TextField(_("content"))
    participants = models.TextField(_("participants"), blank=True, help_text=_("Thành phần: who attends."))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=255, blank=True, help_text=_("Người chủ trì."))
    staff_only = models.BooleanField(
        _("staff only"),
        default=False,
        help_text=_("Shown only to the school's staff when signed in; never to the public."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkScheduleEntryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("content"),
        FieldPanel("participants"),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("chair")]),
        FieldPanel("staff_only"),
    ]

    class Meta:
        db_table = "editorial_workscheduleentry"
        verbose_name = _("work schedule entry")
        verbose_name_plural = _("work schedule entries")
        ordering = ["day", "start_time", "pk"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.start_time:%H:%M} – {self.content[:60]}"

    def clean(self):
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})
        if self.day and not FIRST_YEAR <= self.day.year <= LAST_YEAR:
            raise ValidationError({"day": out_of_range_message()})


def purge_schedule_pages(sender, **kwargs):
    """The public week view is cached for anonymous visitors: any entry change must reach them at once."""
    purge_all()


class WorkSchedulePage(BasePage):
    """Lịch công tác tuần: the week view, Monday to Sunday, with links to the previous and next week."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "disclosure/schedule/work_schedule_page.html"

    class Meta:
        db_table = "editorial_workschedulepage"
        verbose_name = _("work schedule page")
        verbose_name_plural = _("work schedule pages")

    def week_days(self, monday, user):
        entries = WorkScheduleEntry.objects.visible_to(user).in_week(monday)
        by_day = {}
        for entry in entries:
            by_day.setdefault(entry.day, []).append(entry)
        today = timezone.localdate()
        days = []
        for offset in range(7):
            day = monday + datetime.timedelta(days=offset)
            days.append(
                {"date": day, "name": WEEKDAY_NAMES[offset], "entries": by_day.get(day, []), "today": day == today}
            )
        return days

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        monday = kwargs.get("monday") or monday_of(timezone.localdate())
        iso_year, iso_week, _weekday = monday.isocalendar()
        context.update(
            monday=monday,
            sunday=monday + datetime.timedelta(days=6),
            iso_year=iso_year,
            iso_week=iso_week,
            days=self.week_days(monday, request.user),
            show_staff_entries=is_staff(request.user),
            this_week=monday_of(timezone.localdate()),
        )
        first, last = kwargs.get("weeks") or browsable_weeks()
        previous, following = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
        context["previous_week"] = previous if previous >= first else None
        context["next_week"] = following if following <= last else None
        return context

    def serve(self, request, *args, **kwargs):
        try:
            monday = parse_week(request.GET)
        except WeekError as error:
            # A hand-edited or mangled link: say what is wrong, with a link to the current week (not cached).
            context = self.get_context(request, *args, **kwargs)
            context["week_error"] = str(error)
            return TemplateResponse(request, self.get_template(request), context, status=400)
        weeks = browsable_weeks()
        if monday is not None and not weeks[0] <= monday <= weeks[1]:
            # A week that exists but is outside what the schedule covers: "not found", with the same help.
            context = self.get_context(request, *args, weeks=weeks, **kwargs)
            context["week_error"] = gettext("The schedule covers the weeks from %(first)s to %(last)s.") % {
                "first": weeks[0].strftime("%d/%m/%Y"),
                "last": (weeks[1] + datetime.timedelta(days=6)).strftime("%d/%m/%Y"),
            }
            return TemplateResponse(request, self.get_template(request), context, status=404)
        return super().serve(request, *args, monday=monday, weeks=weeks, **kwargs)
