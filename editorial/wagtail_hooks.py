"""Workflows, direct publishing and the intranet, wired into Wagtail through its hooks."""

import json

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import TaskState

# The translation workflow's hooks (before_edit_page on wagtail-localize's editor) and the upstream workarounds'
# (the sync view, the explorer's listing buttons) register on import.
from editorial import setup, translations, upstream  # noqa: F401
from editorial.dashboard import ChangesRequestedPanel, DecisionConfirmedView, IntranetPanel, confirm_decision
from editorial.models import last_editor_id, restart_if_edited
from editorial.staffing import UnderstaffedStepsPanel
from editorial.views import DIRECT_PUBLISH_ACTION, DirectPublicationReportView, DirectPublishView
from search.visibility import visible_documents


@hooks.register("insert_editor_js")
def guard_actions_against_autosave():
    """The editor's buttons wait for a pending autosave instead of racing it (docs/workflows.md)."""
    return format_html('<script src="{}"></script>', static("editorial/js/autosave_guard.js"))


@hooks.register("construct_homepage_panels")
def add_changes_requested_panel(request, panels):
    panels.append(IntranetPanel(request))
    panels.append(ChangesRequestedPanel(request))
    panels.append(UnderstaffedStepsPanel(request))


@hooks.register("construct_page_action_menu")
def one_way_to_resubmit(menu_items, request, context):
    """After "request changes" Wagtail offers both "Resubmit to <step>" and "Restart workflow"; our
    re-approval rules decide where it restarts anyway (restart_if_edited), so only Resubmit stays."""
    menu_items[:] = [item for item in menu_items if item.name != "action-restart-workflow"]


@hooks.register("site_lak_bootstrap")
def bootstrap_editorial(home, home_en, groups):
    setup.ensure_editorial(home, home_en, groups)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("editorial/publish/<int:page_id>/", DirectPublishView.as_view(), name="editorial_direct_publish"),
        path(
            "editorial/decided/<int:task_state_id>/",
            DecisionConfirmedView.as_view(),
            name="editorial_decision_confirmed",
        ),
        path(
            "reports/direct-publications/",
            DirectPublicationReportView.as_view(),
            name="editorial_direct_publications",
        ),
        path(
            "reports/direct-publications/results/",
            DirectPublicationReportView.as_view(results_only=True),
            name="editorial_direct_publications_results",
        ),
    ]


class DirectPublicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("editorial.view_directpublication")


@hooks.register("register_reports_menu_item")
def register_direct_publications_report():
    return DirectPublicationsMenuItem(
        gettext_lazy("Direct publications"),
        reverse("editorial_direct_publications"),
        name="direct-publications",
        icon_name="warning",
        order=950,
    )


class DirectPublishFormatter(LogFormatter):
    label = gettext_lazy("Publish directly")
    message = gettext_lazy("Published outside the workflow")

    def format_comment(self, log_entry):
        # The page's history, where the admin lands after publishing, shows why.
        return log_entry.data.get("reason", "")


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(DIRECT_PUBLISH_ACTION)(DirectPublishFormatter)


@hooks.register("construct_page_action_menu")
def label_direct_publish(menu_items, request, context):
    """Whoever may publish sees that the button asks for a reason and bypasses the workflow."""
    for item in menu_items:
        if item.name == "action-publish":
            item.label = gettext_lazy("Publish directly (reason required)")


@hooks.register("before_publish_page")
def require_reason_for_direct_publish(request, page):
    """The Publish button of the editor saves the draft and asks for a reason before publishing.

    The draft revision is already saved when this hook runs; the create view has also just added the page
    to the tree as live, which we undo so nothing is visible before it is really published.
    """
    if page.live and page.live_revision_id is None:
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)
    messages.warning(request, _("The draft is saved. Give a reason to publish it without the workflow."))
    return redirect("editorial_direct_publish", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish":
        messages.error(request, _("Pages are published through their workflow, or one at a time with a reason."))
        return redirect("wagtailadmin_home")


@hooks.register("after_edit_page")
def confirm_decision_from_the_editor(request, page):
    """A decision taken from the edit form's footer gets the same confirmation as one from the modal."""
    if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") in ("approve", "reject"):
        decided = (
            TaskState.objects.filter(
                workflow_state__object_id=str(page.pk), finished_by=request.user, finished_at__isnull=False
            )
            .order_by("-finished_at")
            .first()
        )
        if decided:
            confirm_decision(request, decided.specific)


@hooks.register("after_edit_page")
def restart_workflow_after_edit(request, page):
    """Policies, exam notices and rebuttals are approved again from the first step after any edit."""
    if restart_if_edited(page, request.user) is not None:
        messages.warning(
            request,
            _("The page was edited during moderation, so its workflow has restarted from the first step."),
        )


@hooks.register("before_edit_page")
def check_workflow_decision(request, page):
    """Explain a refused decision before the editor saves anything (the task refuses it again in any case)."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    action = request.POST.get("workflow-action-name")
    if action not in ("approve", "reject"):
        return None
    problem = None
    if action == "approve" and last_editor_id(page) == request.user.pk:
        problem = _("You edited the latest version of this page, so someone else must approve it.")
    else:
        try:
            extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
        except ValueError:
            extra = None
        if not isinstance(extra, dict) or not str(extra.get("comment") or "").strip():
            problem = _("An approval or a request for changes needs a comment.")
    if problem:
        messages.error(request, problem)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("construct_document_chooser_queryset")
def only_documents_the_user_may_see(documents, request):
    """The chooser lists what the user may choose (Wagtail's collection permissions) and may also open:
    a collection's view restriction (the intranet's, the principal's office's) keeps its documents out of
    the chooser of users outside its groups, as it keeps them out of their searches."""
    # A list of ids, not a subquery: the chooser's search sends this filter to the engine as a terms query.
    return documents.filter(pk__in=list(visible_documents(request.user).values_list("pk", flat=True)))
