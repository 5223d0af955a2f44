"""Admin views: publishing directly with a reason, and the report of such publications."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from editorial.models import DirectPublication, latest_revision

DIRECT_PUBLISH_ACTION = "site_lak.direct_publish"


class DirectPublicationForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for publishing without the workflow"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=gettext_lazy(
            "Kept in the direct publications report for the school's later review, e.g. an urgent correction."
        ),
        error_messages={
            "required": gettext_lazy("Give the reason for publishing this page directly."),
            "min_length": gettext_lazy("Explain the reason in at least %(limit_value)d characters."),
        },
    )


@transaction.atomic
def publish_directly(page, user, reason):
    """Publish the page's latest revision outside the workflow and record who did it and why.

    One transaction: the publication, its record and its log entry are committed together (and once).
    """
    revision = latest_revision(page)
    page = page.specific
    scheduled_for = page.go_live_at if page.go_live_at and page.go_live_at > timezone.now() else None
    revision.publish(user=user)
    record = DirectPublication.objects.create(
        page=page, page_title=page.title[:255], revision=revision, user=user, reason=reason, scheduled_for=scheduled_for
    )
    log(
        instance=page,
        action=DIRECT_PUBLISH_ACTION,
        user=user,
        revision=revision,
        data={"reason": reason, "direct_publication_id": record.pk, "scheduled_for": scheduled_for},
    )
    return record


class DirectPublishView(WagtailAdminTemplateMixin, FormView):
    """Asks an administrator for a reason, then publishes the page's latest draft."""

    form_class = DirectPublicationForm
    template_name = "editorial/admin/direct_publish.html"
    header_icon = "upload"
    page_title = gettext_lazy("Publish directly")

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied(_("Only an administrator may publish without the workflow."))
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.page.get_latest_revision_as_object()
        context.update(
            page=self.page,
            draft=draft,
            revision=latest_revision(self.page),
            scheduled=bool(draft.go_live_at and draft.go_live_at > timezone.now()),
            workflow_state=self.page.current_workflow_state,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context

    def form_valid(self, form):
        record = publish_directly(self.page, self.request.user, form.cleaned_data["reason"])
        if record.scheduled_for:
            message = _("Page '%(title)s' has been scheduled for publishing.")
        else:
            message = _("Page '%(title)s' has been published.")
        buttons = [messages.button(reverse("wagtailadmin_explore", args=[self.page.get_parent().pk]), _("Section"))]
        if not record.scheduled_for and self.page.url:
            buttons.insert(0, messages.button(self.page.url, _("View live"), new_window=True))
        messages.success(self.request, message % {"title": record.page_title}, buttons=buttons)
        # The page's history shows the publication with its reason. (The section's listing, where Wagtail's
        # editor goes, renders 50 rows with their menus: 0.45 s of CPU in the 5,800-page news archive.)
        return redirect("wagtailadmin_pages:history", self.page.pk)


class DirectPublicationReportView(ReportView):
    page_title = gettext_lazy("Direct publications")
    header_icon = "warning"
    index_url_name = "editorial_direct_publications"
    index_results_url_name = "editorial_direct_publications_results"
    permission_policy = ModelPermissionPolicy(DirectPublication)
    any_permission_required = ["view"]
    model = DirectPublication
    list_export = ["created_at", "page_title", "user", "reason", "scheduled_for"]
    columns = [
        DateColumn("created_at", label=gettext_lazy("Published at")),
        TitleColumn(
            "page_title",
            label=gettext_lazy("Page"),
            get_url=lambda record: record.page_id and reverse("wagtailadmin_pages:edit", args=[record.page_id]),
        ),
        Column("user", label=gettext_lazy("Published by")),
        Column("reason", label=gettext_lazy("Reason")),
        DateColumn("scheduled_for", label=gettext_lazy("Scheduled for")),
    ]

    def get_queryset(self):
        return DirectPublication.objects.select_related("user")
