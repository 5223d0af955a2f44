"""Change notes and withdrawal, shared by every content page type (docs/change-notes.md).

An editor marks an edit as a major change with a note, or withdraws a page with a public explanation.
Both are ordinary fields of the page, so they travel through drafts, workflows and scheduled
publishing like any other edit. When a revision is published, `record_published_changes` appends
what it carries to `ChangeLogEntry`, an append-only log outside the page's revisions: re-publishing
an old revision, reverting or purging revisions never rewrites or loses it, and editors cannot
back-date an entry. The flags then start unticked on the next edit.

A withdrawn page keeps its address (links shared on Facebook still work) but shows its title, the
explanation and the date instead of its body, asks search engines not to index it, and is left out
of listings, feeds, the sitemap, home sections, menus and search: everything that lists pages goes
through `exclude_withdrawn`.
"""

import operator
from functools import reduce

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel, TabbedInterface
from wagtail.utils.decorators import cached_classmethod


class ChangeNotesForm(WagtailAdminPageForm):
    """The page form of every content page: a major-change tick belongs to one edit.

    Once the revision carrying it is published the note is in the log, so the next edit starts
    unticked; an unpublished draft (or one waiting for its scheduled time) keeps its tick and note.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk and not page.has_unpublished_changes:
            self.initial["major_change"] = False
            self.initial["change_note"] = ""


class ChangeLogPanel(Panel):
    """Read-only: the published changes of the page, as readers see them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/panels/change_log.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["entries"] = ChangeLogEntry.objects.filter(page_id=self.instance.pk) if self.instance.pk else []
            return context


class ChangeNotesMixin(models.Model):
    """Fields, admin panels, validation and page context for change notes and withdrawal."""

    major_change = models.BooleanField(
        _("this edit is a major change"),
        default=False,
        help_text=_(
            "Tick when the edit changes facts readers may have relied on: once it is published, the note "
            "below is shown on the page with the date. Leave unticked for a minor edit (typing errors, layout)."
        ),
    )
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_("What changed and why, in a sentence for readers. Required for a major change."),
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_(
            "Instead of deleting: the page keeps its address but shows only its title, the explanation below "
            "and the date; listings, feeds, the home page and search leave it out. Untick to reinstate it."
        ),
    )
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"),
        blank=True,
        help_text=_("Shown to readers in place of the page's content. Required to withdraw a page."),
    )

    base_form_class = ChangeNotesForm
    change_panels = [
        MultiFieldPanel(
            [FieldPanel("major_change"), FieldPanel("change_note"), ChangeLogPanel(heading=_("Published changes"))],
            heading=_("Changes"),
        ),
        MultiFieldPanel([FieldPanel("withdrawn"), FieldPanel("withdrawal_reason")], heading=_("Withdrawal")),
    ]

    class Meta:
        abstract = True
        # Listings, home sections and search exclude withdrawn pages on every uncached request: a partial
        # index holds the few withdrawn rows, so that costs no scan of the type's whole table.
        indexes = [
            models.Index(fields=["withdrawn"], condition=Q(withdrawn=True), name="%(app_label)s_%(class)s_withdrawn")
        ]

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs, with the change panels closing the Content tab, where the edit is made."""
        tabs = [ObjectList(cls.content_panels + cls.change_panels, heading=_("Content"))]
        if cls.promote_panels:
            tabs.append(ObjectList(cls.promote_panels, heading=_("Promote")))
        if cls.settings_panels:
            tabs.append(ObjectList(cls.settings_panels, heading=_("Settings")))
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    def clean(self):
        super().clean()
        errors = {}
        if self.major_change and not self.change_note.strip():
            errors["change_note"] = _("Say what changed: the note is shown to readers with the date.")
        if self.withdrawn and not self.withdrawal_reason.strip():
            errors["withdrawal_reason"] = _("Give readers the reason the page was withdrawn.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def change_log(self):
        """Published changes, newest first."""
        return list(ChangeLogEntry.objects.filter(page_id=self.pk)) if self.pk else []

    @property
    def latest_major_change(self):
        return next((entry for entry in self.change_log if entry.kind == ChangeKind.MAJOR), None)

    @property
    def withdrawal(self):
        """The log entry of the current withdrawal (its date), or None."""
        if not self.withdrawn:
            return None
        return next((entry for entry in self.change_log if entry.kind == ChangeKind.WITHDRAWN), None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.withdrawn:
            # Only the title and the notice remain, in the meta tags too.
            self.summary = ""
            self.search_description = ""
        return context


class ChangeKind(models.TextChoices):
    MAJOR = "major", _("Major change")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REINSTATED = "reinstated", _("Reinstated")


class ChangeLogEntry(models.Model):
    """A published major change, withdrawal or reinstatement of a page, dated when it was published."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="change_log_entries"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("type of change"), max_length=16, choices=ChangeKind.choices)
    note = models.TextField(_("note"), blank=True)
    date = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        app_label = "home"
        ordering = ["-date", "-pk"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log entries")
        constraints = [
            models.UniqueConstraint(fields=["revision", "kind"], name="one_change_of_a_kind_per_revision"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}: {self.note[:60]}"


def change_notes_models():
    return [model for model in apps.get_models() if issubclass(model, ChangeNotesMixin)]


def exclude_withdrawn(queryset, for_search_backend=False):
    """`queryset` of pages without the withdrawn ones. Works on Page or on one page type.

    A search backend cannot filter on a subquery, so it gets the (few) withdrawn ids as a list.
    """
    if issubclass(queryset.model, ChangeNotesMixin):
        return queryset.filter(withdrawn=False)
    types = [model for model in change_notes_models() if issubclass(model, queryset.model)]
    if not types:  # e.g. intranet pages: none of them can be withdrawn
        return queryset
    if for_search_backend:  # one query over the types' partial indexes (see ChangeNotesMixin.Meta)
        per_type = [model.objects.filter(withdrawn=True).order_by().values_list("pk", flat=True) for model in types]
        ids = list(per_type[0].union(*per_type[1:], all=True))
        return queryset.exclude(pk__in=ids) if ids else queryset
    withdrawn = reduce(operator.or_, (Q(pk__in=model.objects.filter(withdrawn=True).values("pk")) for model in types))
    return queryset.exclude(withdrawn)


def record_published_changes(sender, instance, revision=None, **kwargs):
    """Log what the published revision carries, once per revision; then clear the spent tick."""
    if not isinstance(instance, ChangeNotesMixin):
        return
    when = instance.last_published_at or timezone.now()
    state = ChangeLogEntry.objects.filter(
        page_id=instance.pk, kind__in=[ChangeKind.WITHDRAWN, ChangeKind.REINSTATED]
    ).first()
    was_withdrawn = state is not None and state.kind == ChangeKind.WITHDRAWN
    entries = []
    if instance.major_change and instance.change_note.strip():
        entries.append((ChangeKind.MAJOR, instance.change_note.strip()))
    if instance.withdrawn and not was_withdrawn:
        entries.append((ChangeKind.WITHDRAWN, instance.withdrawal_reason.strip()))
    elif was_withdrawn and not instance.withdrawn:
        entries.append((ChangeKind.REINSTATED, ""))
    for kind, note in entries:
        if revision is None or not ChangeLogEntry.objects.filter(revision=revision, kind=kind).exists():
            ChangeLogEntry.objects.create(page_id=instance.pk, revision=revision, kind=kind, note=note, date=when)
    if instance.major_change or instance.change_note:
        # The live row only: the revision keeps what the editor submitted.
        type(instance).objects.filter(pk=instance.pk).update(major_change=False, change_note="")
        instance.major_change, instance.change_note = False, ""
    instance.__dict__.pop("change_log", None)
