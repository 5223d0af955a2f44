"""The press register in the admin (Press → coverage, enquiries, authorised speakers), the bootstrap step and
the press section of the yearly report."""

import functools

import django_filters
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.names import full_name
from feedback.records import Feedback
from press import bootstrap, demo, report
from press.register import (
    ANSWERER_REFUSED,
    OPEN_ENQUIRY,
    AuthorisedSpeaker,
    Channel,
    EnquiryStatus,
    PressCoverage,
    PressEnquiry,
    SpeakerRole,
    Tone,
    press_answerers,
)


def refuse_with_403(view):
    """Wagtail answers a refused admin view with a redirect to the dashboard; the press register answers 403 with
    a page saying who keeps it, so a bookmarked link says why it does not open."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "press/admin/no_permission.html", status=403)

    return checked


class RegisterInspectView(InspectView):
    """Staff by their full name (not their login), an empty field as a dash (not Python's "None")."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, AbstractBaseUser):
            return full_name(value)
        return "—" if value is None or value == "" else value


class RegisterViewSet(ModelViewSet):
    copy_view_enabled = False
    inspect_view_enabled = True  # every field, who recorded a coverage item and when included
    inspect_view_class = RegisterInspectView

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = refuse_with_403(pattern.callback)
        return patterns


class FeedbackReferenceField(forms.ModelChoiceField):
    """The related feedback by its reference code, typed (a list of every piece of feedback would not fit)."""

    def __init__(self):
        super().__init__(
            queryset=Feedback.objects.all(),
            to_field_name="reference",
            required=False,
            widget=forms.TextInput,
            label=_("related feedback"),
            help_text=_("Its reference code, as given to the sender (GY-…)."),
            error_messages={"invalid_choice": _("No feedback has this reference code.")},
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class StaffNamesForm(WagtailAdminModelForm):
    """People listed by full name; a new coverage record remembers who recorded it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("user", "answerer"):
            if name in self.fields:
                self.fields[name].label_from_instance = full_name
        if "answerer" in self.fields:
            self.limit_answerers(self.fields["answerer"])
        if "feedback" in self.fields:
            self.fields["feedback"] = FeedbackReferenceField()
            if self.instance.feedback_id:
                self.initial["feedback"] = self.instance.feedback.reference
        if "url" in self.fields:
            self.fields["url"].error_messages["invalid"] = _(
                "Enter the full address of the article, starting with https:// (or http://)."
            )

    def limit_answerers(self, field):
        """Only people who may speak for the school are offered (and the one already recorded, kept as is)."""
        allowed = press_answerers()
        if self.instance.answerer_id:
            allowed.append(self.instance.answerer_id)
        field.queryset = field.queryset.filter(pk__in=allowed)
        field.error_messages["invalid_choice"] = ANSWERER_REFUSED

    def save(self, commit=True):
        instance = self.instance
        if isinstance(instance, PressCoverage) and instance.recorded_by_id is None and self.for_user:
            instance.recorded_by = self.for_user
        return super().save(commit)


class CoverageFilterSet(WagtailFilterSet):
    tone = django_filters.ChoiceFilter(label=_("Tone"), choices=Tone.choices, empty_label=_("All"))
    channel = django_filters.ChoiceFilter(
        label=pgettext_lazy("press coverage", "Channel"), choices=Channel.choices, empty_label=_("All")
    )
    published_on = django_filters.DateFromToRangeFilter(label=_("Publication date"), widget=DateRangePickerWidget)

    class Meta:
        model = PressCoverage
        fields = ["tone", "channel", "published_on"]


class CoverageViewSet(RegisterViewSet):
    model = PressCoverage
    name = "press_coverage"
    url_prefix = "press/coverage"
    icon = "news"
    menu_label = _("Press coverage")
    list_display = [
        "title",
        "outlet",
        Column(
            "channel",
            label=pgettext_lazy("press coverage", "Channel"),
            accessor="get_channel_display",
            sort_key="channel",
        ),
        StatusTagColumn(
            "tone", label=_("Tone"), accessor="get_tone_display", primary=lambda item: item.tone == Tone.NEGATIVE
        ),
        DateColumn("published_on", label=_("Publication date"), sort_key="published_on"),
    ]
    filterset_class = CoverageFilterSet
    search_fields = ["outlet", "title", "response", "notes"]
    list_per_page = 50
    edit_handler = ObjectList(PressCoverage.panels, base_form_class=StaffNamesForm)


class EnquiryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnquiryStatus.choices, empty_label=_("All"))
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue")
    received_at = django_filters.DateFromToRangeFilter(label=_("Received"), widget=DateRangePickerWidget)

    class Meta:
        model = PressEnquiry
        fields = ["status", "overdue", "received_at"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class EnquiryViewSet(RegisterViewSet):
    model = PressEnquiry
    name = "press_enquiries"
    url_prefix = "press/enquiries"
    icon = "help"
    menu_label = _("Press enquiries")
    list_display = [
        "subject",
        "outlet",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status in OPEN_ENQUIRY,
            sort_key="status",
        ),
        Column("answerer", label=_("Answered by"), accessor=lambda item: full_name(item.answerer)),
        DateColumn("received_at", label=_("Received"), sort_key="received_at"),
        Column(
            "deadline",
            label=_("Deadline"),
            accessor=lambda item: (
                _("%(date)s (overdue)") % {"date": _local(item.deadline)} if item.is_overdue else _local(item.deadline)
            ),
            sort_key="deadline",
        ),
    ]
    filterset_class = EnquiryFilterSet
    search_fields = ["subject", "outlet", "journalist", "question", "answer"]
    list_per_page = 50
    edit_handler = ObjectList(PressEnquiry.panels, base_form_class=StaffNamesForm)

    def get_queryset(self, request):
        return PressEnquiry.objects.select_related("answerer")


def _local(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


class SpeakerFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(label=_("Role"), choices=SpeakerRole.choices, empty_label=_("All"))
    current = django_filters.BooleanFilter(label=_("Valid today"), method="filter_current")

    class Meta:
        model = AuthorisedSpeaker
        fields = ["role", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.current() if value else queryset


class SpeakerViewSet(RegisterViewSet):
    model = AuthorisedSpeaker
    name = "press_speakers"
    url_prefix = "press/speakers"
    icon = "user"
    menu_label = _("Authorised speakers")
    list_display = [
        Column("name", label=_("Name"), accessor="display_name"),
        "position",
        Column("role", label=_("Role"), accessor="get_role_display"),
        DateColumn("valid_from", label=_("Valid from"), sort_key="valid_from"),
        DateColumn("valid_until", label=_("Valid until"), sort_key="valid_until"),
    ]
    filterset_class = SpeakerFilterSet
    search_fields = ["name", "position", "scope", "authorised_by", "decision"]
    edit_handler = ObjectList(AuthorisedSpeaker.panels, base_form_class=StaffNamesForm)


class PressGroup(ViewSetGroup):
    menu_label = _("Press")
    menu_icon = "news"
    menu_order = 260
    items = (CoverageViewSet, EnquiryViewSet, SpeakerViewSet)


@hooks.register("register_admin_viewset")
def register_press_viewsets():
    return PressGroup()


@hooks.register("site_lak_bootstrap")
def set_up_press(home, home_en, groups):
    bootstrap.ensure_press_page(home, home_en)
    bootstrap.grant_press_permissions(groups)


@hooks.register("site_lak_report_sections")
def press_report_section(period):
    return report.press_section(period)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_content)
