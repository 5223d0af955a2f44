"""Review steps that can deadlock (docs/workflows.md, "A step needs two reviewers").

Nobody approves their own edit (SecondPairOfEyesApprovalTask), so a group-approval step whose groups
have fewer than two active members cannot approve a page its only member wrote, and a step with no
member at all approves nothing. Such steps are shown to administrators and Ban giám hiệu on the
dashboard and in Wagtail's workflow editor.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import AbstractGroupApprovalTask, Workflow

from core.bootstrap import APPROVERS

MIN_REVIEWERS = 2


def understaffed_steps(workflows=None):
    """[{workflow, step, groups, count}] for the active group-approval steps of active workflows whose
    groups have fewer than MIN_REVIEWERS active members."""
    if workflows is None:
        # Workflows in use: Wagtail's stock "Moderators approval" stays attached to the tree's root,
        # above both home pages (which have their own workflows), where it moderates nothing.
        workflows = (
            Workflow.objects.filter(active=True)
            .filter(Q(workflow_pages__page__depth__gt=1) | Q(workflow_content_types__isnull=False))
            .distinct()
        )
    found = []
    for workflow in workflows:
        for task in workflow.tasks.filter(active=True).specific():
            if not isinstance(task, AbstractGroupApprovalTask):
                continue
            groups = list(task.groups.all())
            count = get_user_model().objects.filter(is_active=True, groups__in=groups).distinct().count()
            if count < MIN_REVIEWERS:
                found.append({"workflow": workflow, "step": task, "groups": groups, "count": count})
    return found


def describe(entry):
    return _(
        "Step “%(step)s” of workflow “%(workflow)s” has fewer than two reviewers (%(count)s in %(groups)s). "
        "Nobody may approve their own edit, so a page written by its only reviewer can never be approved: "
        "add a member to the group."
    ) % {
        "step": entry["step"].name,
        "workflow": entry["workflow"].name,
        "count": entry["count"],
        "groups": ", ".join(group.name for group in entry["groups"]) or "—",
    }


def may_fix_staffing(user):
    return user.is_superuser or user.groups.filter(name=APPROVERS).exists()


class UnderstaffedStepsPanel(Component):
    name = "understaffed_steps"
    template_name = "editorial/admin/understaffed_steps_panel.html"
    order = 40

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if may_fix_staffing(self.request.user):
            context["problems"] = [
                {"text": describe(entry), "groups": entry["groups"]} for entry in understaffed_steps()
            ]
        return context
