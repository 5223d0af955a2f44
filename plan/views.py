"""Admin views of the communications plan: the month view of the editorial calendar, the coverage report and its
exports, the dashboard panel, and the planned-item form prefilled from the calendar."""

import calendar
import datetime
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from home.exports import export_response
from home.validators import school_year_bounds, school_year_of
from plan.coverage import coverage, export_rows
from plan.models import (
    CalendarEvent,
    Channel,
    ItemStatus,
    PlannedItem,
    marked_days,
)

planned_item_policy = ModelPermissionPolicy(PlannedItem)
ANY_PERMISSION = ["add", "change", "delete", "view"]
# Longest period the coverage report accepts.
MAX_REPORT_DAYS = 5 * 366
LOOKAHEAD_DAYS = 7


def can_see_calendar(user):
    return planned_item_policy.user_has_any_permission(user, ANY_PERMISSION)


def plan_url(user, event, day):
    """The new planned item form, filled in for this day to mark; "" for who may not add items."""
    if not planned_item_policy.user_has_permission(user, "add"):
        return ""
    return reverse("editorial_planned_items:add") + "?" + urlencode({"event": event.pk, "due_date": day.isoformat()})


class PlannedItemCreateView(generic.CreateView):
    """The form opened from a day of the calendar arrives filled in (`?event=…&due_date=…`)."""

    def get_initial(self):
        initial = super().get_initial()
        initial["owner"] = self.request.user.pk
        due_date = self.request.GET.get("due_date", "")
        try:
            initial["due_date"] = datetime.date.fromisoformat(due_date)
        except ValueError:
            pass
        event_id = self.request.GET.get("event", "")
        event = CalendarEvent.objects.filter(pk=event_id).first() if event_id.isdigit() else None
        if event is not None:
            initial.update(event=event.pk, topic=event.title, content_area=event.content_area)
        return initial


class PlanAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = planned_item_policy
    any_permission_required = ANY_PERMISSION

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def render_bad_request(self, message):
        context = self.get_context_data(error=message)
        return self.render_to_response(context, status=400)


def parse_month(value):
    """The first day of the month written "YYYY-MM", or None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1) if 1900 < year < 2200 else None
    except ValueError:
        return None


def add_months(first_day, count):
    index = first_day.year * 12 + first_day.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


class CalendarMonthView(PlanAdminView):
    """A month of the editorial calendar: planned items on their due dates and the days to mark, as a table."""

    template_name = "plan/calendar.html"
    page_title = gettext_lazy("Editorial calendar")
    header_icon = "date"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        value = request.GET.get("month", "")
        month = parse_month(value) if value else today.replace(day=1)
        if month is None:
            return self.render_bad_request(_("Choose a month written as year-month, e.g. 2025-03."))
        return self.render_to_response(self.get_context_data(month=month, today=today))

    def get_context_data(self, month=None, today=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if month is None:
            return context
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        first, last = weeks[0][0], weeks[-1][-1]
        items = PlannedItem.objects.filter(due_date__range=(first, last)).select_related("owner", "page")
        by_day = {}
        for item in items:
            by_day.setdefault(item.due_date, {"items": [], "events": []})["items"].append(item)
        for day, event, planned in marked_days(first, last):
            entry = {"event": event, "planned": planned, "plan_url": plan_url(self.request.user, event, day)}
            by_day.setdefault(day, {"items": [], "events": []})["events"].append(entry)
        can_add = planned_item_policy.user_has_permission(self.request.user, "add")
        can_edit = planned_item_policy.user_has_permission(self.request.user, "change")
        context.update(
            month=month,
            month_label=_("%(month)s %(year)s") % {"month": MONTHS[month.month], "year": month.year},
            previous_month=f"{add_months(month, -1):%Y-%m}",
            next_month=f"{add_months(month, 1):%Y-%m}",
            this_month=f"{today:%Y-%m}",
            weekdays=[WEEKDAYS[number] for number in range(7)],
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == month.month,
                        "is_today": day == today,
                        "items": [],
                        "events": [],
                        **by_day.get(day, {}),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            can_edit=can_edit,
            add_url=reverse("editorial_planned_items:add") if can_add else "",
        )
        return context


class CoverageForm(forms.Form):
    # A native date picker sends ISO dates whatever the display format.
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # An empty field means: from the start of the current school year, to today.
        cleaned["start"] = cleaned.get("start") or datetime.date.fromisoformat(default_period()["start"])
        cleaned["end"] = cleaned.get("end") or timezone.localdate()
        if cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        if (cleaned["end"] - cleaned["start"]).days > MAX_REPORT_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return cleaned


def default_period(today=None):
    """From the start of the current school year (the one `today` falls in) to today."""
    today = today or timezone.localdate()
    return {"start": school_year_bounds(school_year_of(today))[0].isoformat(), "end": today.isoformat()}


def first_error(form):
    return next(iter(form.non_field_errors() or [e for errors in form.errors.values() for e in errors]))


class CoverageReportView(PlanAdminView):
    template_name = "plan/coverage.html"
    page_title = gettext_lazy("Coverage of the communications plan")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        form = CoverageForm(request.GET or default_period())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        report = coverage(form.cleaned_data["start"], form.cleaned_data["end"])
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        context["channel_choices"] = Channel.choices
        return context


class CoverageExportView(PlanAdminView):
    def get(self, request, file_format):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        form = CoverageForm(request.GET)
        if not form.is_valid():
            return HttpResponse(first_error(form), status=400, content_type="text/plain; charset=utf-8")
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        report = coverage(start, end)
        return export_response(
            export_rows(report), file_format, f"ke-hoach-truyen-thong_{start}_{end}", _("Plan coverage")
        )


class PlanDashboardPanel(Component):
    """On the dashboard: planned items past their due date, and days to mark within a week with nothing planned."""

    name = "editorial_plan"
    template_name = "plan/dashboard_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if not can_see_calendar(self.request.user):
            return context
        today = timezone.localdate()
        overdue = PlannedItem.objects.overdue(today).select_related("owner")
        unplanned = [
            (day, event)
            for day, event, planned in marked_days(today, today + datetime.timedelta(days=LOOKAHEAD_DAYS))
            if not planned
        ]
        context.update(
            overdue_count=overdue.count(),
            overdue=overdue[:10],
            overdue_url=reverse("editorial_planned_items:index") + "?overdue=true",
            unplanned=[
                {"date": day, "event": event, "plan_url": plan_url(self.request.user, event, day)}
                for day, event in unplanned
            ],
            calendar_url=reverse("editorial_plan_calendar:index"),
            statuses=ItemStatus,
        )
        return context
