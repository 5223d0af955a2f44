"""The editor's dashboard: pages sent back to them, with who asked for changes and why; and the
confirmation a reviewer sees after a decision (docs/workflows.md)."""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, TaskState, WorkflowState

from accounts.staff import is_staff
from editorial.models import IntranetIndexPage


def changes_requested_of(user):
    """The user's pages whose workflow a reviewer sent back: [(page, task state of the decision)]."""
    states = (
        WorkflowState.objects.filter(
            requested_by=user,
            status=WorkflowState.STATUS_NEEDS_CHANGES,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .order_by("-current_task_state__finished_at")
    )
    states = list(states)
    pages = Page.objects.in_bulk([int(state.object_id) for state in states])
    return [
        (pages[int(state.object_id)], state.current_task_state) for state in states if int(state.object_id) in pages
    ]


class ChangesRequestedPanel(Component):
    name = "changes_requested"
    template_name = "editorial/admin/changes_requested_panel.html"
    order = 50  # above Wagtail's own workflow panels

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["sent_back"] = changes_requested_of(self.request.user)
        return context


def intranet_for(request):
    """The live intranet index in the admin's language (the Vietnamese one otherwise), or None."""
    intranets = IntranetIndexPage.objects.live().order_by("depth", "path")
    return intranets.filter(locale=Locale.get_active()).first() or intranets.first()


class IntranetPanel(Component):
    """A teacher has nothing to edit: the dashboard they land on leads to the intranet and its latest pages."""

    name = "intranet"
    template_name = "editorial/admin/intranet_panel.html"
    order = 40  # above everything else: for staff without editing rights it is the dashboard's point
    recent = 5

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        intranet = intranet_for(self.request) if is_staff(self.request.user) else None
        context["intranet"] = intranet
        context["latest"] = list(intranet.get_listing_queryset(self.request)[: self.recent]) if intranet else []
        return context


def decision_message(task_state):
    """What the reviewer is told once their decision is recorded."""
    page = task_state.workflow_state.content_object
    values = {"title": page.get_admin_display_title(), "step": task_state.task.name}
    if task_state.status == TaskState.STATUS_APPROVED:
        workflow_state = task_state.workflow_state
        if workflow_state.status == WorkflowState.STATUS_APPROVED:
            return _("You approved “%(title)s” at step “%(step)s”; it is now published or scheduled.") % values
        return _("You approved “%(title)s” at step “%(step)s”; it goes on to the next step.") % values
    if task_state.status == TaskState.STATUS_REJECTED:
        author = task_state.workflow_state.requested_by
        values["author"] = (author.get_full_name() or author.get_username()) if author else _("the author")
        return _("You asked for changes to “%(title)s”; %(author)s has been told, with your comment.") % values
    return None


def confirm_decision(request, task_state):
    message = decision_message(task_state)
    if message:
        messages.success(request, message)


class DecisionConfirmedView(View):
    """Where Wagtail's workflow-action modal lands after a decision (the task's on_action points here):
    the reviewer sees what their decision did, then the dashboard."""

    def get(self, request, task_state_id):
        task_state = get_object_or_404(TaskState, pk=task_state_id, finished_by=request.user)
        confirm_decision(request, task_state.specific)
        return redirect("wagtailadmin_home")
