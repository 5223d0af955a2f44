"""The press register: who may speak to the press, what the press wrote, and what journalists asked.

The spokesperson is the one in the school settings (home.models.SchoolSettings); an `AuthorisedSpeaker` is a
deputy or someone the principal authorised, for a period and a scope. Decree 09/2017/ND-CP: only they answer
the press, so an enquiry cannot be assigned to anyone else (docs/press.md).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Site

from accounts.names import full_name
from home.models import SchoolSettings

# Free text is capped, so a paste gone wrong (a whole file in one field) is refused with a message, not stored.
LONG_TEXT = 10_000
ANSWERER_REFUSED = _(
    "Only the spokesperson or a person the principal has currently authorised may answer the "
    "press (Decree 09/2017/ND-CP). Add an authorisation under Press → Authorised speakers first."
)


class SpeakerRole(models.TextChoices):
    DEPUTY = "deputy", _("Deputy spokesperson")
    AUTHORISED = "authorised", _("Authorised by the principal")


class AuthorisedSpeakerQuerySet(models.QuerySet):
    def current(self, day=None):
        """Authorisations valid on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


class AuthorisedSpeaker(models.Model):
    """Someone besides the spokesperson who may speak to the press for the school, for a period and a scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_authorisations",
        help_text=_("Needed to be assigned press enquiries."),
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Leave empty to use the account's name.")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.AUTHORISED)
    authorised_by = models.CharField(
        _("authorised by"), max_length=255, help_text=_("Who signed the authorisation, e.g. the principal.")
    )
    decision = models.CharField(_("decision number"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until revoked."))
    scope = models.TextField(
        _("scope"), max_length=LONG_TEXT, blank=True, help_text=_("The matters this person may speak about.")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = AuthorisedSpeakerQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("user"), FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("authorised_by"), FieldPanel("decision")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact for the press")),
    ]

    class Meta:
        verbose_name = _("authorised speaker")
        verbose_name_plural = _("authorised speakers")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or full_name(self.user)

    def clean(self):
        errors = {}
        if not self.name and self.user_id is None:
            errors["name"] = _("Give the person's name or choose their staff account.")
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The authorisation cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


def spokesperson_settings():
    """The school settings of the default site, where the spokesperson is named."""
    site = Site.objects.filter(is_default_site=True).first()
    return SchoolSettings.for_site(site) if site is not None else None


def is_spokesperson(user, school=None):
    """Whether `user` is the spokesperson named in the school settings (matched by e-mail, else by full name)."""
    school = school or spokesperson_settings()
    if user is None or school is None:
        return False
    if school.spokesperson_email and user.email:
        return user.email.strip().lower() == school.spokesperson_email.strip().lower()
    return bool(school.spokesperson_name) and user.get_full_name().strip() == school.spokesperson_name.strip()


def may_answer_press(user, day=None):
    """The spokesperson, or someone whose authorisation is valid on `day` (Decree 09/2017/ND-CP)."""
    if user is None:
        return False
    return is_spokesperson(user) or AuthorisedSpeaker.objects.current(day).filter(user=user).exists()


def press_answerers():
    """The active accounts offered as an enquiry's answerer: the spokesperson and whoever holds an authorisation
    (its dates are checked on saving, against the day of the answer)."""
    school = spokesperson_settings()
    authorised = set(AuthorisedSpeaker.objects.exclude(user=None).values_list("user_id", flat=True))
    users = get_user_model().objects.filter(is_active=True)
    return [user.pk for user in users if user.pk in authorised or is_spokesperson(user, school)]


def _not_in_future(moment, field, message, errors):
    if moment and moment > timezone.now():
        errors[field] = message


def _past_or_today(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("The publication date cannot be in the future."), code="future")


class Channel(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    RADIO = "radio", _("Radio")
    TELEVISION = "television", _("Television")
    ONLINE = "online", _("Online")


class Tone(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class PressCoverage(models.Model):
    """An article or broadcast about the school, its tone, and how the spokesperson responded."""

    outlet = models.CharField(_("outlet"), max_length=255, help_text=_("The newspaper, station or website."))
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Enter the full address of the article, starting with https:// (or http://)."),
            )
        ],
    )
    published_on = models.DateField(_("publication date"), validators=[_past_or_today])
    channel = models.CharField(
        pgettext_lazy("press coverage", "channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    tone = models.CharField(_("tone"), max_length=16, choices=Tone.choices, default=Tone.NEUTRAL)
    incident = models.ForeignKey(
        "feedback.Incident",
        verbose_name=_("related incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_coverage",
    )
    feedback = models.ForeignKey(
        "feedback.Feedback",
        verbose_name=_("related feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_coverage",
    )
    response = models.TextField(_("the spokesperson's response"), max_length=LONG_TEXT, blank=True)
    notes = models.TextField(_("notes"), max_length=LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    panels = [
        FieldPanel("outlet"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("channel"), FieldPanel("tone")]),
        MultiFieldPanel([FieldPanel("incident"), FieldPanel("feedback")], heading=_("Related to")),
        FieldPanel("response"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("press coverage")
        verbose_name_plural = _("press coverage")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.outlet}: {self.title}"


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERING = "answering", _("Being answered")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


OPEN_ENQUIRY = (EnquiryStatus.NEW, EnquiryStatus.ANSWERING)


class PressEnquiryQuerySet(models.QuerySet):
    def overdue(self, now=None):
        return self.filter(status__in=OPEN_ENQUIRY, deadline__lt=now or timezone.now())


class PressEnquiry(models.Model):
    """A journalist's question to the school, its deadline and who answers it."""

    outlet = models.CharField(_("outlet"), max_length=255)
    journalist = models.CharField(_("journalist"), max_length=255)
    contact = models.CharField(_("contact"), max_length=255, blank=True, help_text=_("Phone or e-mail."))
    subject = models.CharField(_("subject"), max_length=500)
    question = models.TextField(_("question"), max_length=LONG_TEXT, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    answerer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_enquiries",
        help_text=_("Only the spokesperson or a person the principal has authorised."),
    )
    status = models.CharField(_("status"), max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW)
    answer = models.TextField(_("answer"), max_length=LONG_TEXT, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = PressEnquiryQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("outlet"), FieldPanel("journalist"), FieldPanel("contact")]),
        FieldPanel("subject"),
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("received_at"), FieldPanel("deadline")]),
        FieldRowPanel([FieldPanel("answerer"), FieldPanel("status")]),
        FieldPanel("answer"),
        FieldPanel("answered_at"),
    ]

    class Meta:
        verbose_name = _("press enquiry")
        verbose_name_plural = _("press enquiries")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.outlet}: {self.subject}"

    def save(self, *args, **kwargs):
        if self.status == EnquiryStatus.ANSWERED and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)
        self._stored_answerer_id = self.answerer_id
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_answerer_id = instance.__dict__.get("answerer_id")
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_overdue(self):
        return self.status in OPEN_ENQUIRY and self.deadline is not None and self.deadline < timezone.now()

    @property
    def answered_on_time(self):
        return self.answered_at is not None and self.deadline is not None and self.answered_at <= self.deadline

    def clean(self):
        errors = {}
        if self.deadline and self.received_at and self.deadline < self.received_at:
            errors["deadline"] = _("The deadline cannot be before the enquiry was received.")
        _not_in_future(self.received_at, "received_at", _("An enquiry cannot be received in the future."), errors)
        self._check_answerer(errors)
        if self.status == EnquiryStatus.ANSWERED and not self.answer.strip():
            errors["answer"] = _("Write the answer given before marking the enquiry answered.")
        if self.answered_at and self.received_at and self.answered_at < self.received_at:
            errors["answered_at"] = _("The answer cannot come before the enquiry was received.")
        _not_in_future(self.answered_at, "answered_at", _("The answer cannot be given in the future."), errors)
        if errors:
            raise ValidationError(errors)

    def _check_answerer(self, errors):
        """Checked when the answerer is chosen and when the answer is recorded, on the day it was given: an
        authorisation that ends later does not rewrite history, one that ended before does not count."""
        answering = self.status == EnquiryStatus.ANSWERED
        if answering and self.answerer_id is None:
            errors["answerer"] = _("Choose who answered: the spokesperson or an authorised speaker.")
            return
        newly_answered = answering and getattr(self, "_stored_status", None) != EnquiryStatus.ANSWERED
        if self.answerer_id and (self.answerer_id != getattr(self, "_stored_answerer_id", None) or newly_answered):
            day = timezone.localdate(self.answered_at) if answering and self.answered_at else None
            if not may_answer_press(self.answerer, day):
                errors["answerer"] = ANSWERER_REFUSED
