"""The admin side: the feedback inbox (triage), communication incidents, statistics, the dashboard panel."""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from accounts.names import UserChoiceField, full_name
from core.bootstrap import APPROVERS, REVIEWERS
from feedback import admin_views, demo, report_sections  # noqa: F401 (report_sections registers its hooks)
from feedback.pages import ConsultationPage
from feedback.records import Feedback, Incident, IncidentAction
from feedback.vocabulary import OPEN_STATUSES, Category, Channel, IncidentStatus, Severity, Status
from home.sections import HomeSection


class FeedbackAdminForm(WagtailAdminModelForm):
    """Records who wrote each new internal note; the sender's own message cannot be altered once received,
    and people are listed by full name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["message"].disabled = True
            self.fields["message"].help_text = _("The sender's original message; it cannot be changed.")
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].label_from_instance = full_name

    def save(self, commit=True):
        for form in self.formsets["notes"].forms:
            if form.instance.pk is None and form.instance.author_id is None and self.for_user:
                form.instance.author = self.for_user
        return super().save(commit)


def active_users(request=None):
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class FeedbackFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=django_filters.widgets.forms.CheckboxSelectMultiple
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices, empty_label=_("All"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, empty_label=_("All"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Received"), widget=DateRangePickerWidget)
    assigned_to = UserFilter(label=_("Assigned to"), queryset=active_users)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue")
    consultation = django_filters.ModelChoiceFilter(
        label=_("Consultation"), queryset=lambda request: ConsultationPage.objects.order_by("-closes_at")
    )

    class Meta:
        model = Feedback
        fields = ["status", "category", "channel", "created_at", "assigned_to", "overdue", "consultation"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class DueDateColumn(Column):
    """The due date, flagged when an open item is past it."""

    cell_template_name = "feedback/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


class FeedbackIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assigned_to")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("feedback.reply_feedback"):
            buttons.append(
                Button(_("Reply"), url=reverse("feedback_reply", args=[instance.pk]), icon_name="mail", priority=5)
            )
        return buttons


class FeedbackEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("feedback.reply_feedback"):
            buttons.append(
                HeaderButton(
                    _("Reply to the sender"), url=reverse("feedback_reply", args=[self.object.pk]), icon_name="mail"
                )
            )
        if self.object.attachment:
            buttons.append(
                HeaderButton(
                    _("Download the attachment"),
                    url=reverse("feedback_attachment", args=[self.object.pk]),
                    icon_name="download",
                )
            )
        return buttons


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    name = "feedback"
    icon = "mail"
    menu_label = _("Feedback inbox")
    index_view_class = FeedbackIndexView
    edit_view_class = FeedbackEditView
    copy_view_enabled = False
    list_display = [
        "subject",
        "reference",
        "category",
        "channel",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda f: f.status in OPEN_STATUSES,
            sort_key="status",
        ),
        Column("assigned_to", label=_("Assigned to"), accessor=lambda item: full_name(item.assigned_to)),
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        DueDateColumn("due_date", label=_("Due date"), sort_key="due_date"),
    ]
    filterset_class = FeedbackFilterSet
    search_fields = ["reference", "subject", "message", "name", "email", "phone"]
    list_per_page = 50
    edit_handler = ObjectList(Feedback.panels, base_form_class=FeedbackAdminForm)


class IncidentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IncidentStatus.choices, empty_label=_("All"))
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices, empty_label=_("All"))

    class Meta:
        model = Incident
        fields = ["status", "severity"]


class IncidentViewSet(ModelViewSet):
    model = Incident
    name = "incidents"
    icon = "warning"
    menu_label = _("Communication incidents")
    copy_view_enabled = False
    list_display = [
        "title",
        StatusTagColumn(
            "severity",
            label=_("Severity"),
            accessor="get_severity_display",
            primary=lambda i: i.severity in (Severity.HIGH, Severity.CRITICAL),
        ),
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        "owner",
        DateColumn("detected_at", label=_("Detected")),
    ]
    filterset_class = IncidentFilterSet
    search_fields = ["title", "description", "detected_by", "lessons_learned"]


class StatisticsViewSet(ViewSet):
    name = "feedback_statistics"
    icon = "table"
    menu_label = _("Feedback statistics")

    @cached_property
    def menu_item_class(self):
        class StatisticsMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("feedback.view_feedback") or request.user.has_perm(
                    "feedback.change_feedback"
                )

        return StatisticsMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.statistics, name="index"),
            path("export.<str:file_format>", self.export, name="export"),
        ]

    @staticmethod
    def export(request, file_format):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        return admin_views.export(request, file_format)


class FeedbackGroup(ViewSetGroup):
    menu_label = _("Feedback")
    menu_icon = "mail"
    menu_order = 250
    items = (FeedbackViewSet, IncidentViewSet, StatisticsViewSet)


@hooks.register("register_admin_viewset")
def register_feedback_viewsets():
    return FeedbackGroup()


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [
        path("feedback-reply/<int:pk>/", admin_views.reply, name="feedback_reply"),
        path("feedback-attachment/<int:pk>/", admin_views.attachment, name="feedback_attachment"),
    ]


class OverdueWorkPanel(Component):
    """On the dashboard: incident actions past their due date, and how much feedback is overdue."""

    name = "feedback_overdue"
    template_name = "feedback/admin/dashboard_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        context = super().get_context_data(parent_context)
        user = self.request.user
        if user.has_perm("feedback.view_incident") or user.has_perm("feedback.change_incident"):
            context["actions"] = (
                IncidentAction.objects.overdue(today)
                .exclude(incident__status=IncidentStatus.CLOSED)
                .select_related("incident", "responsible")
                .order_by("due_date")[:20]
            )
        if user.has_perm("feedback.view_feedback") or user.has_perm("feedback.change_feedback"):
            context["overdue_feedback"] = Feedback.objects.overdue(today).count()
            context["new_feedback"] = Feedback.objects.filter(status=Status.NEW).count()
            context["new_url"] = reverse("feedback:index") + "?status=new"
            context["feedback_url"] = reverse("feedback:index") + "?overdue=true"
        context["today"] = today
        return context


@hooks.register("construct_homepage_panels")
def add_overdue_panel(request, panels):
    panels.append(OverdueWorkPanel(request))


# Who triages: the communications board and the principal's office. The leadership switches the banner.
FEEDBACK_PERMISSIONS = [
    "add_feedback",
    "change_feedback",
    "view_feedback",
    "reply_feedback",
    "add_incident",
    "change_incident",
    "view_incident",
]


@hooks.register("site_lak_bootstrap")
def grant_feedback_permissions(home, home_en, groups):
    permissions = Permission.objects.filter(content_type__app_label="feedback", codename__in=FEEDBACK_PERMISSIONS)
    for name in (REVIEWERS, APPROVERS):
        if name in groups:
            groups[name].permissions.add(*permissions)
    if APPROVERS in groups:
        groups[APPROVERS].permissions.add(
            *Permission.objects.filter(content_type__app_label="feedback", codename="change_urgentbanner")
        )


@hooks.register("site_lak_home_sections")
def open_consultations(source):
    """Consultations open for comments under this home page; no section when there are none."""
    now = timezone.now()
    items = list(
        source.listed(ConsultationPage, source.home_page)
        .select_related("social_image")
        .filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")[:4]
    )
    if not items:
        return None
    return HomeSection("consultations", gettext("Public consultations: your comments are welcome"), items, order=15)


hooks.register("site_lak_demo", demo.create_demo_content)
