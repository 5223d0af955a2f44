"""The communications plan in the admin: its menu, the dashboard panel, and the set-up run by the bootstrap."""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from plan import demo
from plan import views as plan_views
from plan.content_areas import ContentArea
from plan.models import (
    OPEN_STATUSES,
    CalendarEvent,
    Channel,
    CommunicationPlan,
    EventKind,
    ItemStatus,
    PlannedItem,
)
from plan.seed import ensure_plan, rollover_plan


def active_users(request=None):
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class PlannedItemFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=ItemStatus.choices, widget=django_filters.widgets.forms.CheckboxSelectMultiple
    )
    content_area = django_filters.ChoiceFilter(
        label=_("Content area"), choices=ContentArea.choices, empty_label=_("All")
    )
    channel = django_filters.ChoiceFilter(label=_("Publication channel"), choices=Channel.choices, empty_label=_("All"))
    owner = django_filters.ModelChoiceFilter(label=_("Responsible person"), queryset=active_users)
    due_date = django_filters.DateFromToRangeFilter(label=_("Due date"), widget=DateRangePickerWidget)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue")

    class Meta:
        model = PlannedItem
        fields = ["status", "content_area", "channel", "owner", "due_date", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class PlannedItemViewSet(ModelViewSet):
    model = PlannedItem
    name = "editorial_planned_items"
    icon = "list-ul"
    menu_label = _("Planned items")
    add_view_class = plan_views.PlannedItemCreateView
    copy_view_enabled = False
    list_display = [
        "topic",
        "content_area",
        "channel",
        "owner",
        DateColumn("due_date", label=_("Due date"), sort_key="due_date"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status in OPEN_STATUSES,
            sort_key="status",
        ),
        Column("page", label=_("Page that fulfils it")),
    ]
    filterset_class = PlannedItemFilterSet
    search_fields = ["topic", "note"]
    list_per_page = 50


class CalendarEventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type of day"), choices=EventKind.choices, empty_label=_("All"))

    class Meta:
        model = CalendarEvent
        fields = ["kind"]


class CalendarEventViewSet(ModelViewSet):
    model = CalendarEvent
    name = "editorial_calendar_events"
    icon = "calendar-alt"
    menu_label = _("Anniversaries and events")
    list_display = ["title", Column("when", label=_("When")), "kind", "content_area"]
    filterset_class = CalendarEventFilterSet
    search_fields = ["title", "note"]
    list_per_page = 50


class CommunicationPlanViewSet(ModelViewSet):
    model = CommunicationPlan
    name = "editorial_plans"
    icon = "doc-full"
    menu_label = _("Plans by school year")
    inspect_view_enabled = True
    inspect_view_fields = ["school_year", "title", "legal_basis", "purposes", "requirements", "targets"]
    list_display = ["title", "school_year"]
    copy_view_enabled = False


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return plan_views.can_see_calendar(request.user)


class CalendarViewSet(ViewSet):
    name = "editorial_plan_calendar"
    icon = "date"
    menu_label = _("Editorial calendar")

    @cached_property
    def menu_item_class(self):
        return CalendarMenuItem

    def get_urlpatterns(self):
        return [path("", plan_views.CalendarMonthView.as_view(), name="index")]


class CoverageViewSet(ViewSet):
    name = "editorial_plan_coverage"
    icon = "table"
    menu_label = _("Plan coverage report")

    @cached_property
    def menu_item_class(self):
        return CalendarMenuItem

    def get_urlpatterns(self):
        return [
            path("", plan_views.CoverageReportView.as_view(), name="index"),
            path("export.<str:file_format>", plan_views.CoverageExportView.as_view(), name="export"),
        ]


class CommunicationsPlanGroup(ViewSetGroup):
    menu_label = _("Communications plan")
    menu_icon = "date"
    menu_order = 240
    items = (CalendarViewSet, PlannedItemViewSet, CalendarEventViewSet, CommunicationPlanViewSet, CoverageViewSet)


@hooks.register("register_admin_viewset")
def register_plan_viewsets():
    return CommunicationsPlanGroup()


@hooks.register("construct_homepage_panels")
def add_plan_panel(request, panels):
    panels.append(plan_views.PlanDashboardPanel(request))


# The board and the principal's office manage the plans; editors keep the calendar and its items.
PLAN_PERMISSIONS = {
    REVIEWERS: ["add", "change", "delete", "view"],
    APPROVERS: ["add", "change", "delete", "view"],
}
CALENDAR_PERMISSIONS = {
    EDITORS: ["add", "change", "view"],
    REVIEWERS: ["add", "change", "delete", "view"],
    APPROVERS: ["add", "change", "delete", "view"],
}


def grant(group, model_name, actions):
    codenames = [f"{action}_{model_name}" for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="plan", codename__in=codenames))


@hooks.register("site_lak_bootstrap")
def bootstrap_plan(home, home_en, groups):
    for name, actions in PLAN_PERMISSIONS.items():
        grant(groups[name], "communicationplan", actions)
    for name, actions in CALENDAR_PERMISSIONS.items():
        grant(groups[name], "planneditem", actions)
        grant(groups[name], "calendarevent", actions)
    grant(groups[EDITORS], "communicationplan", ["view"])
    ensure_plan(owner_group=groups[REVIEWERS])
    rollover_plan()


hooks.register("site_lak_demo", demo.create_demo_items)
