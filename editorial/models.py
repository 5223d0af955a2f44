"""Editorial models: the "second pair of eyes" moderation task, direct publications, the staff intranet.

See docs/workflows.md for how the workflows fit together.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState
from wagtail.search import index

from core.families import family_of
from home.blocks import BodyBlock
from home.models import BasePage, ListingPage, hidden_pages_q


def latest_revision(page):
    """The newest revision of a page, read from the database (not from a possibly stale object)."""
    return Revision.page_revisions.filter(object_id=str(page.pk)).order_by("-created_at", "-id").first()


# Revision content that Wagtail maintains itself: a revision differing from its predecessor only here is
# not an edit (the editor saves such a revision when a reviewer approves through the edit form).
BOOKKEEPING_KEYS = frozenset(
    """pk alias_of content_type depth path numchild url_path draft_title live expired has_unpublished_changes
    first_published_at last_published_at latest_revision latest_revision_created_at live_revision locked locked_at
    locked_by owner locale translation_key wagtail_admin_comments""".split()
)


def substance(revision):
    """What an editor changed: the revision's content without Wagtail's bookkeeping and child-row ids."""

    def without_ids(value):
        if isinstance(value, list):
            return [without_ids(item) for item in value]
        if isinstance(value, dict):
            return {key: without_ids(item) for key, item in value.items() if key not in ("pk", "id")}
        return value

    return {key: without_ids(value) for key, value in revision.content.items() if key not in BOOKKEEPING_KEYS}


def last_editor_id(page, depth=20):
    """The user who last changed the page's content: the author of the newest revision that differs from the one
    before it (saves that change nothing, like approving through the edit form, are skipped)."""
    return last_editor_of(str(page.pk), depth)


def last_editor_of(object_id, depth=20):
    revisions = list(Revision.page_revisions.filter(object_id=object_id).order_by("-created_at", "-id")[:depth])
    for newer, older in zip(revisions, revisions[1:], strict=False):
        if substance(newer) != substance(older):
            return newer.user_id
    return revisions[-1].user_id if revisions else None


def changed_since(revision, page):
    """Whether the page's content changed after `revision` (its newest revision says something else)."""
    latest = latest_revision(page)
    return latest is not None and latest.pk != revision.pk and substance(latest) != substance(revision)


def requires_reapproval(page):
    """Whether any edit of this page during moderation must restart its workflow from the first step: what the
    school states officially must be approved exactly as it will be published. Each page family says so in its
    declaration (`PageFamily.reapproval`: policies, exam notices, and among news articles the rebuttals)."""
    page = Page.objects.get(pk=page.pk).get_latest_revision_as_object()
    family = family_of(page)
    return family is not None and family.requires_reapproval(page)


class ReviewCommentForm(TaskStateCommentForm):
    """Every approval and every rejection carries a comment, kept in the workflow history."""

    comment = forms.CharField(
        label=_("Comment"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required: say what you checked, or what must change."),
    )


class SecondPairOfEyesApprovalTask(AbstractGroupApprovalTask):
    """A group approval in which nobody approves their own edit, and every decision has a comment.

    The last editor of a page (the author of its newest revision) is offered no action on it, and an
    approval they post by hand is refused; a decision without a comment is refused too.
    """

    class Meta:
        verbose_name = _("second pair of eyes approval task")
        verbose_name_plural = _("second pair of eyes approval tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve or request changes, with a comment; "
            "nobody can approve a version they edited last."
        )

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        if last_editor_id(obj) == user.pk:
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        return ReviewCommentForm

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        # The "awaiting your review" panel should not list what the user cannot approve: pages they edited last.
        own = [
            state.pk
            for state in states.select_related("workflow_state")
            if last_editor_of(state.workflow_state.object_id) == user.pk
        ]
        return states.exclude(pk__in=own)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name in ("approve", "reject"):
            page = task_state.workflow_state.content_object
            if action_name == "approve" and last_editor_id(page) == user.pk:
                raise PermissionDenied(
                    _("You edited the latest version of this page, so someone else must approve it.")
                )
            if action_name not in [name for name, _label, _modal in self.get_actions(page, user)]:
                raise PermissionDenied(_("You cannot take this decision on this page."))
            if not (kwargs.get("comment") or "").strip():
                raise PermissionDenied(_("An approval or a request for changes needs a comment."))
            if action_name == "approve" and changed_since(task_state.revision, page) and requires_reapproval(page):
                raise PermissionDenied(
                    _("This page changed after it was submitted; restart the workflow to approve the current version.")
                )
            super().on_action(task_state, user, action_name, **kwargs)
            # Wagtail's decision modal then goes here, which tells the reviewer what happened.
            return reverse("editorial_decision_confirmed", args=[task_state.pk])
        return super().on_action(task_state, user, action_name, **kwargs)


def restart_if_edited(page, user):
    """For pages that need re-approval: restart an in-progress workflow whose approvals are on an older version.

    Returns the new workflow state, or None when nothing had to change.
    """
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS or not requires_reapproval(page):
        return None
    decided = state.task_states.filter(status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_IN_PROGRESS])
    if not any(changed_since(task_state.revision, page) for task_state in decided.select_related("revision")):
        return None
    requested_by = state.requested_by
    with transaction.atomic():
        state.cancel(user=user)
        new_state = state.workflow.start(page, user)
        if requested_by is not None and new_state.requested_by_id != requested_by.pk:
            new_state.requested_by = requested_by
            new_state.save(update_fields=["requested_by"])
    return new_state


class DirectPublication(models.Model):
    """A publication by an administrator outside the workflows, with the reason they gave."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_title = models.CharField(_("page title"), max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("direct publication")
        verbose_name_plural = _("direct publications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.page_title} ({self.created_at:%Y-%m-%d %H:%M})"


class IntranetIndexPage(ListingPage):
    """Nội bộ: the staff-only section, restricted to staff and the editorial groups by the bootstrap.

    Wagtail's view-restriction check sends anonymous visitors to the login page and marks every response
    of a restricted page as never cacheable.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["editorial.IntranetPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("intranet index")
        verbose_name_plural = _("intranet indexes")

    def get_listing_queryset(self, request):
        # The whole section is restricted, so its children are not "public": list the live ones, bar those
        # restricted further to groups the reader is not in (not even their titles are shown).
        pages = IntranetPage.objects.child_of(self).live().exclude(hidden_pages_q(request))
        return pages.order_by("-last_published_at", "-pk")


class IntranetPage(BasePage):
    """An internal page: directives, the crisis-handling playbook, drafts of statements."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["editorial.IntranetIndexPage", "editorial.IntranetPage"]
    subpage_types = ["editorial.IntranetPage"]

    class Meta:
        verbose_name = _("intranet page")
        verbose_name_plural = _("intranet pages")
