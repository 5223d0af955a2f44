"""The communications plan as data: the plan of each school year, its targets per content area, the calendar of
anniversaries and events, and the editorial calendar of planned items (see docs/communications-plan.md).

The content areas are the news articles' (`plan.content_areas.ContentArea`): one list for filing and for planning.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

from home.validators import school_year_of, validate_school_year
from plan.content_areas import ContentArea


# A school year runs from 1 August to 31 July: summer activities belong to the year that ends.
class CommunicationPlan(ClusterableModel):
    """Kế hoạch truyền thông of one school year."""

    school_year = models.CharField(
        _("school year"),
        max_length=9,
        unique=True,
        validators=[validate_school_year],
        help_text=_("Two consecutive years, e.g. 2024-2025. The year runs from 1 August to 31 July."),
    )
    title = models.CharField(_("title"), max_length=255)
    legal_basis = models.TextField(_("legal basis"), blank=True, help_text=_("One document per line."))
    purposes = models.TextField(_("purposes"), blank=True, help_text=_("One purpose per line."))
    requirements = models.TextField(_("requirements"), blank=True, help_text=_("One requirement per line."))

    panels = [
        FieldRowPanel([FieldPanel("school_year"), FieldPanel("title")]),
        FieldPanel("legal_basis"),
        FieldPanel("purposes"),
        FieldPanel("requirements"),
        InlinePanel("targets", heading=_("Targets per content area"), label=_("Target")),
    ]

    class Meta:
        db_table = "editorial_communicationplan"
        verbose_name = _("communications plan")
        verbose_name_plural = _("communications plans")
        ordering = ["-school_year"]

    def __str__(self):
        return f"{self.title} ({self.school_year})"

    @classmethod
    def for_date(cls, day):
        return cls.objects.filter(school_year=school_year_of(day)).first()


class ContentAreaTarget(Orderable):
    """How much the plan expects in one content area, and who answers for it."""

    plan = ParentalKey(CommunicationPlan, on_delete=models.CASCADE, related_name="targets")
    content_area = models.CharField(_("content area"), max_length=32, choices=ContentArea.choices)
    items_per_month = models.PositiveSmallIntegerField(
        _("at least … items a month"), default=1, help_text=_("Published items, all channels together.")
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("responsible group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("content_area"), FieldPanel("items_per_month")]),
        FieldRowPanel([FieldPanel("owner_user"), FieldPanel("owner_group")]),
    ]

    class Meta(Orderable.Meta):
        db_table = "editorial_contentareatarget"
        verbose_name = _("target per content area")
        verbose_name_plural = _("targets per content area")
        constraints = [models.UniqueConstraint(fields=["plan", "content_area"], name="one_target_per_area")]

    def __str__(self):
        text = _("%(area)s: at least %(count)s a month") % {
            "area": self.get_content_area_display(),
            "count": self.items_per_month,
        }
        return f"{text} ({self.owner})" if self.owner else text

    @property
    def owner(self):
        if self.owner_user:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        return self.owner_group.name if self.owner_group else ""


class EventKind(models.TextChoices):
    ANNIVERSARY = "anniversary", _("Anniversary")
    SCHOOL = "school", _("School event")
    EXAM = "exam", _("Exam")


class CalendarEvent(models.Model):
    """A day to mark: every year on a day and month (an anniversary) or once on a date (an exam)."""

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type of day"), max_length=16, choices=EventKind.choices, default=EventKind.ANNIVERSARY)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, choices=[(number, number) for number in range(1, 13)]
    )
    date = models.DateField(_("date (one-off event)"), null=True, blank=True)
    content_area = models.CharField(
        _("content area"), max_length=32, choices=ContentArea.choices, default=ContentArea.TRADITIONS
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("day"), FieldPanel("month")]), FieldPanel("date")],
            heading=_("When"),
            help_text=_("Day and month for an event that comes back every year, or a date for a one-off event."),
        ),
        FieldPanel("content_area"),
        FieldPanel("note"),
    ]

    class Meta:
        db_table = "editorial_calendarevent"
        verbose_name = _("anniversary or event")
        verbose_name_plural = _("anniversaries and events")
        ordering = ["month", "day", "date", "title"]

    def __str__(self):
        return f"{self.when} – {self.title}"

    @property
    def recurring(self):
        return self.date is None

    @property
    def when(self):
        return self.date.strftime("%d/%m/%Y") if self.date else f"{self.day}/{self.month}"

    def clean(self):
        super().clean()
        if self.date and (self.day or self.month):
            raise ValidationError(_("Give either a day and month (every year) or a date (once), not both."))
        if not self.date:
            if not (self.day and self.month):
                raise ValidationError(_("Give a day and month (every year) or a date (once)."))
            try:
                datetime.date(2024, self.month, self.day)  # a leap year: 29/2 is a valid yearly day
            except ValueError:
                raise ValidationError({"day": _("This month has no day %(day)s.") % {"day": self.day}}) from None

    def occurrence_in(self, year):
        if self.date:
            return self.date if self.date.year == year else None
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:  # 29 February outside a leap year is marked on the 28th
            return datetime.date(year, self.month, self.day - 1)

    @classmethod
    def occurrences(cls, start, end):
        """[(date, event)] for every event falling between two dates (both included), in date order."""
        found = []
        events = cls.objects.filter(Q(date__isnull=True) | Q(date__range=(start, end)))
        for event in events:
            for year in range(start.year, end.year + 1):
                day = event.occurrence_in(year)
                if day and start <= day <= end:
                    found.append((day, event))
        return sorted(found, key=lambda pair: (pair[0], pair[1].title))


class Channel(models.TextChoices):
    WEBSITE = "website", _("Website")
    FACEBOOK = "facebook", _("Facebook page")
    PRESS = "press", _("Press")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    PUBLISHED = "published", _("Published")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS]

# An anniversary counts as planned for when an item linked to it is due this many days before it, up to a few
# days after (a report of the ceremony).
PLANNING_WINDOW = (datetime.timedelta(days=45), datetime.timedelta(days=7))


class PlannedItemQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(status__in=OPEN_STATUSES, due_date__lt=today or timezone.localdate())

    def published_between(self, start, end):
        return self.filter(status=ItemStatus.PUBLISHED, published_on__range=(start, end))


class PlannedItem(models.Model):
    """An entry of the editorial calendar: what to publish, where, by whom and when."""

    topic = models.CharField(_("topic"), max_length=255)
    content_area = models.CharField(_("content area"), max_length=32, choices=ContentArea.choices)
    channel = models.CharField(
        _("publication channel"), max_length=16, choices=Channel.choices, default=Channel.WEBSITE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    event = models.ForeignKey(
        CalendarEvent,
        verbose_name=_("anniversary or event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_items",
        help_text=_("The day this item marks, if any: the dashboard then knows the day is taken care of."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page that fulfils it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the website: the item is done when this page is published."),
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Set automatically when the page is published; for Facebook and the press, today when empty."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PlannedItemQuerySet.as_manager()

    panels = [
        FieldPanel("topic"),
        FieldRowPanel([FieldPanel("content_area"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("status")]),
        FieldPanel("event"),
        PageChooserPanel("page"),
        FieldPanel("published_on"),
        FieldPanel("note"),
    ]

    class Meta:
        db_table = "editorial_planneditem"
        verbose_name = _("planned item")
        verbose_name_plural = _("planned items")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"]), models.Index(fields=["status", "published_on"])]

    def __str__(self):
        return self.topic

    def save(self, *args, **kwargs):
        if self.status in OPEN_STATUSES and self.page_id and self.page.live:
            self.mark_published(self.page)
        elif self.status == ItemStatus.PUBLISHED and self.published_on is None:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return self.status in OPEN_STATUSES and self.due_date < timezone.localdate()

    def clean(self):
        super().clean()
        if self.status == ItemStatus.PUBLISHED and self.channel == Channel.WEBSITE:
            if self.page_id is None:
                raise ValidationError(
                    {"page": _("Choose the published page: a website item is done when its page is published.")}
                )
            if not self.page.live:
                raise ValidationError(
                    {"page": _("This page is not published yet; the item becomes published with it.")}
                )

    def mark_published(self, page):
        self.status = ItemStatus.PUBLISHED
        published_at = page.first_published_at or page.last_published_at
        self.published_on = timezone.localdate(published_at) if published_at else timezone.localdate()


def fulfil_planned_items(sender, instance, **kwargs):
    """Publishing a page completes the open planned items that link to it."""
    for item in PlannedItem.objects.filter(page_id=instance.pk, status__in=OPEN_STATUSES):
        item.mark_published(instance)
        item.save(update_fields=["status", "published_on"])


def marked_days(start, end):
    """[(date, event, planned items)] for the events between two dates: the items due around that day that mark
    it (not dropped). An empty list means nothing is planned for the day yet."""
    found = CalendarEvent.occurrences(start, end)
    before, after = PLANNING_WINDOW
    items = defaultdict(list)
    linked = PlannedItem.objects.filter(
        event__in={event.pk for _day, event in found}, due_date__range=(start - before, end + after)
    ).exclude(status=ItemStatus.DROPPED)
    for item in linked:
        items[item.event_id].append(item)
    return [
        (day, event, [item for item in items[event.pk] if day - before <= item.due_date <= day + after])
        for day, event in found
    ]
