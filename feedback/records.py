"""The records of feedback handling: each piece of feedback with its internal notes, and communication incidents
with their timeline of actions.

A submission is stored first, in its own transaction, and only then acknowledged and e-mailed, so a
mail failure never loses it. Its reference code (``GY-2026-000123-K7QF9X``) is the primary key after the
insert, so it is unique however many visitors submit at once, and six random characters, so that nobody
can look up other people's messages by counting. See docs/feedback.md.
"""

import datetime
import re
import secrets
import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from feedback.vocabulary import OPEN_STATUSES, Category, Channel, IncidentStatus, Severity, Status, response_days

REFERENCE_PREFIX = "GY"
# The unguessable end of a reference code: letters and digits that cannot be mistaken for each other when
# read aloud or copied by hand (no 0/O, 1/I/L, U); 30⁶ ≈ 729 million possibilities.
REFERENCE_KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_KEY_LENGTH = 6


def format_reference(created_at, pk, key=""):
    """`GY-<year>-<pk>-<key>`; codes given before the key existed have no `-<key>`."""
    reference = f"{REFERENCE_PREFIX}-{timezone.localtime(created_at).year}-{pk:06d}"
    return f"{reference}-{key}" if key else reference


def new_reference_key():
    return "".join(secrets.choice(REFERENCE_KEY_ALPHABET) for _ in range(REFERENCE_KEY_LENGTH))


def has_key(reference):
    """True for a code with its unguessable end (`GY-2026-000123-K7QF9X`)."""
    return reference.count("-") == 3


def attachment_path(instance, filename):
    """A random name: attachments are personal data and must not be guessable."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"feedback/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def faq(self, language=None):
        queryset = self.filter(published_as_faq=True, status__in=(Status.ANSWERED, Status.CLOSED)).exclude(reply="")
        if language:
            queryset = queryset.filter(language=language)
        return queryset.order_by("-answered_at", "-pk")


class Feedback(ClusterableModel):
    """One piece of feedback from the public, from the web form or logged by staff from another channel."""

    reference = models.CharField(_("reference code"), max_length=24, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices, default=Category.QUESTION)
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=200)
    attachment_type = models.CharField(_("attachment type"), max_length=64, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent = models.BooleanField(_("consent to processing"), default=False)
    language = models.CharField(_("language"), max_length=8, default="vi", choices=settings.LANGUAGES)
    consultation = models.ForeignKey(
        "feedback.ConsultationPage",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_feedback",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Set from the response target of the category when empty.")
    )
    reply = models.TextField(
        _("reply"),
        blank=True,
        help_text=_(
            "Sent to the sender by e-mail and shown on the status page to whoever holds the whole reference code "
            "(or an older code and the sender's contact). Write it without personal data."
        ),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    published_as_faq = models.BooleanField(
        _("publish as questions and answers"),
        default=False,
        help_text=_("Shows the public question and the reply on the feedback page, without the sender's details."),
    )
    faq_question = models.TextField(
        _("public question"),
        blank=True,
        help_text=_("The question as published, rewritten without personal data. The subject is used when empty."),
    )

    objects = FeedbackQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("channel"), FieldPanel("category"), FieldPanel("created_at")]),
                FieldPanel("subject"),
                FieldPanel("message"),
                FieldPanel("attachment"),
            ],
            heading=_("Feedback"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("name"), FieldPanel("email"), FieldPanel("phone")]), FieldPanel("consent")],
            heading=_("Sender"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("assigned_to"), FieldPanel("due_date")])],
            heading=_("Triage"),
        ),
        InlinePanel("notes", heading=_("Internal notes"), label=_("Note")),
        MultiFieldPanel(
            [FieldPanel("reply"), FieldPanel("published_as_faq"), FieldPanel("faq_question")],
            heading=_("Reply and public Q&A"),
        ),
    ]

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        permissions = [("reply_feedback", _("Can reply to feedback"))]

    def __str__(self):
        return f"{self.reference or '—'} {self.subject}"

    @property
    def is_overdue(self):
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def response_time(self):
        return self.answered_at - self.created_at if self.answered_at else None

    @property
    def public_question(self):
        return self.faq_question or self.subject

    def save(self, *args, **kwargs):
        now = timezone.now()
        if self.due_date is None:
            received = timezone.localtime(self.created_at or now).date()
            self.due_date = received + datetime.timedelta(days=response_days(self.category))
        if self.assigned_to_id and self.status == Status.NEW:
            self.status = Status.ASSIGNED
        if self.assigned_to_id and self.assigned_at is None:
            self.assigned_at = now
        if self.status == Status.ANSWERED and self.answered_at is None:
            self.answered_at = now
        if self.status == Status.CLOSED and self.closed_at is None:
            self.closed_at = now
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not self.reference:
                # Derived from the primary key after the insert: unique under any concurrency.
                self.reference = format_reference(self.created_at, self.pk, new_reference_key())
                type(self).objects.filter(pk=self.pk).update(reference=self.reference)


class FeedbackNote(Orderable):
    """An internal note by staff; never shown to the public."""

    feedback = ParentalKey(Feedback, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    text = models.TextField(_("note"))

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


def find_feedback(code, contact):
    """The submission a status look-up may show, or None (the same None whether the code does not exist or
    the proof is missing, so that look-ups tell nothing about other people's codes)."""
    if has_key(code):
        return Feedback.objects.filter(reference=code).first()
    found = Feedback.objects.filter(models.Q(reference=code) | models.Q(reference__startswith=f"{code}-")).first()
    return found if found is not None and contact_matches(found, contact) else None


def contact_matches(feedback, given):
    """The sender's e-mail or phone, as given with the message; a sender who gave neither cannot prove it."""
    given = (given or "").strip()
    if not given:
        return False
    if feedback.email and given.lower() == feedback.email.lower():
        return True
    digits = re.sub(r"\D", "", given)
    return bool(feedback.phone) and len(digits) >= 8 and digits == re.sub(r"\D", "", feedback.phone)


class Incident(ClusterableModel):
    """A communication incident (Sự cố truyền thông) and how the school handled it."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"))
    seen_at_url = models.URLField(_("where it was seen (link)"), blank=True, max_length=500)
    screenshot = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("screenshot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detected_at = models.DateTimeField(_("detected"), default=timezone.now)
    detected_by = models.CharField(_("detected by"), max_length=120, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, default=Severity.MEDIUM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_incidents",
    )
    status = models.CharField(_("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    holding_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("holding statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    final_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("final statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For example the rebuttal article."),
    )
    lessons_learned = models.TextField(_("lessons learned"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("severity"), FieldPanel("status"), FieldPanel("owner")]),
        MultiFieldPanel(
            [
                FieldPanel("seen_at_url"),
                FieldPanel("screenshot"),
                FieldRowPanel([FieldPanel("detected_at"), FieldPanel("detected_by")]),
            ],
            heading=_("Detection"),
        ),
        InlinePanel("actions", heading=_("Timeline of actions"), label=pgettext_lazy("feedback timeline", "Action")),
        MultiFieldPanel([FieldPanel("holding_statement"), FieldPanel("final_statement")], heading=_("Statements")),
        FieldPanel("lessons_learned"),
    ]

    class Meta:
        verbose_name = _("communication incident")
        verbose_name_plural = _("communication incidents")
        ordering = ["-detected_at"]

    def __str__(self):
        return self.title


class IncidentActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(done=False, due_date__lt=today or timezone.localdate())


class IncidentAction(Orderable):
    incident = ParentalKey(Incident, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True, blank=True, on_delete=models.SET_NULL
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = IncidentActionQuerySet.as_manager()

    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("due_date"), FieldPanel("done")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("incident action")
        verbose_name_plural = _("incident actions")

    def save(self, *args, **kwargs):
        if self.done and self.done_at is None:
            self.done_at = timezone.now()
        if not self.done:
            self.done_at = None
        super().save(*args, **kwargs)
