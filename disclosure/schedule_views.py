"""Admin side of the weekly work schedule: entries edited as snippets, the section made by the bootstrap."""

import datetime

import django_filters
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import AdminDateInput
from wagtail.snippets.views.snippets import SnippetViewSet

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from disclosure.schedule import WorkScheduleEntry
from home.upstream import LazyHomeBreadcrumbMixin

SCHEDULE_SECTION = ("lich-cong-tac", "Lịch công tác tuần", "work-schedule", "Weekly work schedule")
# Who keeps the schedule: the editorial groups (staff read it, they do not edit it).
SCHEDULE_EDITORS = [EDITORS, REVIEWERS, APPROVERS]


class WorkScheduleFilterSet(WagtailFilterSet):
    week = django_filters.DateFilter(label=_("Week containing"), method="filter_week", widget=AdminDateInput)

    class Meta:
        model = WorkScheduleEntry
        fields = ["week", "staff_only"]

    def filter_week(self, queryset, name, value):
        return queryset.in_week(value - datetime.timedelta(days=value.weekday()))


def entry_day(entry):
    """The entry's own date with its weekday ("Thứ Ba 26/03/2024"), never a relative time."""
    return date_format(entry.day, "l d/m/Y")


class WorkScheduleEntryViewSet(LazyHomeBreadcrumbMixin, SnippetViewSet):
    model = WorkScheduleEntry
    icon = "date"
    menu_label = _("Work schedule")
    menu_name = "work-schedule"
    add_to_admin_menu = True
    menu_order = 260
    copy_view_enabled = True
    list_display = [
        Column("day", label=_("Day"), sort_key="day", accessor=entry_day),
        "start_time",
        "content",
        "venue",
        "chair",
        BooleanColumn("staff_only", label=_("Staff only")),
    ]
    filterset_class = WorkScheduleFilterSet
    search_fields = ["content", "participants", "venue", "chair"]
    ordering = ["-day", "start_time"]
