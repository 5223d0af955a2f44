"""Events and contests: school events, contests (hội thi) and competitions (cuộc thi) as a page family.

An event has a start and (optionally) an end, a place, who may take part, a registration deadline and link,
and after it is held its results and winners (an orderable inline; a winner may link to an exemplary-person
profile of the people family). The index lists upcoming events first (soonest first), then past ones
(newest first); each event and the index's upcoming events are offered as iCalendar files (core.calendar).
Not to be confused with the communications plan's calendar of anniversaries (plan.models.CalendarEvent).
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.calendar import CalendarEntry, calendar_response, uid
from core.families import PageFamily, Section, family_of
from core.panels import FamilyPageChooserPanel
from home.blocks import BodyBlock
from home.change_notes import ChangeNotesMixin, exclude_withdrawn
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage
from home.seo import iso, school_organization
from home.validators import is_school_year, school_year_of
from plan.content_areas import ContentArea

# Only web addresses: a registration link is opened by parents and students from the page. (Its own code: the
# field would replace the message of an "invalid" error by its generic one.)
validate_web_address = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."), code="web_address"
)


# The years an event's dates may fall in: outside them a date is a typing mistake.
YEARS = (1900, 2199)


class SchoolEventKind(models.TextChoices):
    SCHOOL_EVENT = "school-event", _("School event")
    CONTEST = "contest", _("Contest (hội thi)")
    COMPETITION = "competition", _("Competition (cuộc thi)")


def upcoming_q(now=None):
    """Events not over yet: ending (or, without an end, starting) from now on."""
    return Q(finishes_at__gte=now or timezone.now())


def with_finish(queryset):
    """The queryset with `finishes_at`, the end of each event or its start when it has no end."""
    return queryset.annotate(finishes_at=Coalesce("end", "start"))


class EventIndexPage(FeedRoutesMixin, ListingPage):
    section = Section(
        order=50, slug="su-kien", title="Sự kiện – Hội thi", en_slug="events", en_title="Events and contests"
    )
    listing_filters = (
        ("kind", "kind", SchoolEventKind.values.__contains__),
        ("school_year", "school_year", is_school_year),
    )
    subpage_types = ["events.EventPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def get_listing_queryset(self, request):
        """Upcoming events first, soonest first; then past ones, most recent first."""
        upcoming = upcoming_q(timezone.now())
        past_rank = Case(When(upcoming, then=Value(0)), default=Value(1), output_field=IntegerField())
        return (
            with_finish(EventPage.objects.child_of(self).live().public())
            .select_related("social_image")
            .annotate(past_rank=past_rank)
            .order_by("past_rank", Case(When(upcoming, then=F("start"))).asc(nulls_last=True), "-start", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = list(context["items"].object_list)
        context["upcoming_items"] = [event for event in events if not event.is_past]
        context["past_items"] = [event for event in events if event.is_past]
        context["kinds"] = SchoolEventKind.choices
        context["school_years"] = (
            exclude_withdrawn(EventPage.objects.child_of(self).live().public())
            .exclude(school_year="")
            .order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()
        )
        return context

    def upcoming_events(self):
        """Upcoming events an anonymous visitor may see, soonest first (the .ics feed)."""
        listed = exclude_withdrawn(with_finish(EventPage.objects.child_of(self).live().public()))
        return listed.filter(upcoming_q()).order_by("start", "pk")

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        """The upcoming events as one iCalendar file, to subscribe to from a phone's calendar."""
        entries = [event.calendar_entry(request) for event in self.upcoming_events()[:200]]
        return calendar_response(entries, name=self.title, filename=f"{self.slug}.ics", product="events")


class EventPage(RoutablePageMixin, ChangeNotesMixin, BasePage):
    family = PageFamily(
        key="event",
        label=_("Events and contests"),
        date_field="start",
        facets={"kind": "kind"},
        facet_choices={"kind": SchoolEventKind},
        result_fields=("place",),
        plan_area=ContentArea.COMPETITIONS,
    )
    kind = models.CharField(
        _("kind of event"), max_length=16, choices=SchoolEventKind.choices, default=SchoolEventKind.SCHOOL_EVENT
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Leave empty for a short event."))
    place = models.CharField(_("place"), max_length=255, blank=True, help_text=_("e.g. Hội trường nhà trường"))
    address = models.CharField(_("address"), max_length=255, blank=True, help_text=_("The school's address if empty."))
    eligibility = models.CharField(
        _("who may take part"), max_length=255, blank=True, help_text=_("e.g. Học sinh khối 10, 11")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    registration_url = models.URLField(
        _("registration link"), max_length=500, blank=True, validators=[validate_web_address]
    )
    organiser = models.CharField(
        _("organiser"), max_length=255, blank=True, help_text=_("e.g. Đoàn trường; the school if empty.")
    )
    school_year = models.CharField(_("school year"), max_length=9, blank=True, editable=False)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    results = RichTextField(
        _("event results"), blank=True, features=["bold", "italic", "ol", "ul", "link", "document-link"]
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True, help_text=_("Filled in after the event, for the report.")
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("organiser"),
            ],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [FieldPanel("eligibility"), FieldPanel("registration_deadline"), FieldPanel("registration_url")],
            heading=_("Taking part"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("results"), FieldPanel("participant_count")],
            heading=_("Results"),
        ),
        InlinePanel("winners", heading=_("Winners"), label=_("Winner")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("results"),
        index.SearchField("place"),
        index.SearchField("eligibility"),
        index.SearchField("organiser"),
        index.FilterField("start"),
        index.FilterField("kind"),
        index.FilterField("school_year"),
    ]
    # Dates, links and counts are facts, the same in both languages.
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("registration_url", overridable=False),
        SynchronizedField("participant_count", overridable=False),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    schema_type = "WebPage"

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def date(self):
        """The day the event starts, in the school's time zone (listings, search)."""
        return timezone.localdate(self.start) if self.start else None

    @property
    def finishes(self):
        return self.end or self.start

    @property
    def is_past(self):
        return self.finishes is not None and self.finishes < timezone.now()

    @property
    def registration_open(self):
        """Registration is possible: a link is given and its deadline, if any, has not passed."""
        deadline = self.registration_deadline
        return bool(self.registration_url) and not self.is_past and (deadline is None or deadline >= timezone.now())

    def save(self, *args, **kwargs):
        self.school_year = school_year_of(self.date) if self.start else ""
        return super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, message in self.date_problems():
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def date_problems(self):
        """[(field, message)]: dates in years 1900–2199 (a year 1 would not even convert to UTC), the end is not
        before the start, registration closes by the start."""
        problems = [
            (field, gettext("Choose dates between the years 1900 and 2199."))
            for field in ("start", "end", "registration_deadline")
            if getattr(self, field) and not YEARS[0] <= getattr(self, field).year <= YEARS[1]
        ]
        if problems or not self.start:
            return problems
        starts = date_format(timezone.localtime(self.start), "SHORT_DATETIME_FORMAT")
        if self.end and self.end < self.start:
            problems.append(("end", gettext("The event cannot end before it starts (%(start)s).") % {"start": starts}))
        if self.registration_deadline and self.registration_deadline > self.start:
            message = gettext("Registration must close on or before the start of the event (%(start)s).")
            problems.append(("registration_deadline", message % {"start": starts}))
        return problems

    def winners_to_show(self):
        """The winners in order, each with the profile it links to when an anonymous visitor may see it."""
        winners = list(self.winners.select_related("person"))
        ids = [row.person_id for row in winners if row.person_id]
        visible = set(exclude_withdrawn(Page.objects.filter(pk__in=ids).live().public()).values_list("pk", flat=True))
        for row in winners:
            row.profile = row.person if row.person_id in visible else None
        return winners

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["winners"] = self.winners_to_show() if self.pk else []
        return context

    def location_name(self, school):
        return self.place or school.school_name

    def structured_data(self, request, *, url, school, image=None):
        """The page, and the event itself as a schema.org Event organised by the school."""
        data = super().structured_data(request, url=url, school=school, image=image)
        event = {
            "@type": "Event",
            "name": self.title,
            "startDate": iso(timezone.localtime(self.start)),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": self.location_name(school),
                "address": self.address or school.address or school.school_name,
            },
            "organizer": school_organization(school),
            "url": url,
        }
        if self.end:
            event["endDate"] = iso(timezone.localtime(self.end))
        description = self.meta_description()
        if description:
            event["description"] = description
        if image:
            event["image"] = image
        data.append(event)
        return data

    def calendar_entry(self, request=None):
        return CalendarEntry(
            uid=uid("event", self.pk),
            summary=self.title,
            start=self.start,
            end=self.end,
            location=", ".join(part for part in (self.place, self.address) if part),
            description=self.summary,
            url=self.get_full_url(request),
            stamp=self.last_published_at,
        )

    @property
    def calendar_url(self):
        return self.url + "calendar.ics" if self.url else ""

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        """The event as an iCalendar file, to add to a phone's calendar."""
        return calendar_response(
            [self.calendar_entry(request)], name=self.title, filename=f"{self.slug}.ics", product="events"
        )


class EventWinner(Orderable):
    """A placement or prize and who won it: a name, a link to an exemplary-person profile, or both."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="winners")
    placement = models.CharField(_("placement or prize"), max_length=255, help_text=_("e.g. Giải Nhất"))
    name = models.CharField(
        _("winner's name"),
        max_length=255,
        blank=True,
        help_text=_("Student, class or team; the profile's title if empty."),
    )
    person = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("exemplary-person profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("placement"), FieldPanel("name"), FamilyPageChooserPanel("person", family="person")]

    class Meta(Orderable.Meta):
        verbose_name = _("winner")
        verbose_name_plural = _("winners")

    def __str__(self):
        return f"{self.placement}: {self.display_name}"

    @property
    def display_name(self):
        return self.name or (self.person.title if self.person_id else "")

    def clean(self):
        super().clean()
        if not self.name.strip() and not self.person_id:
            raise ValidationError({"name": _("Give the winner's name or choose their profile.")})
        if self.person_id and getattr(family_of(self.person.specific_class), "key", None) != "person":
            raise ValidationError({"person": _("Choose an exemplary-person profile.")})
