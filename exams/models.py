"""Exam and enrolment notices with their structured key dates.

A notice's key dates (registration opens and closes, exam days, results, appeals) are an orderable
inline (`ExamKeyDate`). The notice's `exam_date`, used to order listings and by the home page's
"upcoming exams" section, is the first exam day; `save()` keeps it in sync. The rules between key
dates are checked in `key_date_problems()`, used by the admin form and by the archive import, so a
notice with inconsistent dates is never saved.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.archive.records import ArchiveRecordError, archive_date, archive_school_year
from core.calendar import CalendarEntry, calendar_response
from core.calendar import uid as calendar_uid
from core.families import Archive, PageFamily, Section
from home.blocks import BodyBlock
from home.change_notes import ChangeNotesForm, ChangeNotesMixin, exclude_withdrawn
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage
from home.seo import local_iso, school_organization
from home.validators import is_school_year, validate_school_year
from plan.content_areas import ContentArea


class ExamKind(models.TextChoices):
    GRADUATION = "graduation", _("National high-school graduation exam")
    GRADE_10_ENTRANCE = "grade-10-entrance", _("Grade 10 entrance exam")
    PROVINCIAL_GIFTED = "provincial-gifted", _("Provincial gifted-student contest")
    SEMESTER_TEST = "semester-test", _("Semester test")
    MOCK = "mock", _("Mock exam")
    OTHER = "other", _("Other")


class KeyDateKind(models.TextChoices):
    REGISTRATION_OPENS = "registration-opens", _("Registration opens")
    REGISTRATION_CLOSES = "registration-closes", _("Registration closes")
    EXAM = "exam", _("Exam day")
    RESULTS = "results", _("Results published")
    APPEALS_DEADLINE = "appeals-deadline", _("Deadline for appeals")
    OTHER = "other", _("Other")


def key_date_problems(rows):
    """What is wrong with a notice's key dates, as [(row index or None, message)].

    `rows` is a list of (kind, date). Rules: there is an exam day; registration closes on or before
    the (first) exam day; registration does not open after it closes; results come after the exam.
    """

    def of_kind(kind):
        return [(i, date) for i, (row_kind, date) in enumerate(rows) if row_kind == kind and date]

    exams = of_kind(KeyDateKind.EXAM)
    if not exams:
        return [(None, gettext("Add the exam day to the key dates."))]
    first_exam = min(date for _, date in exams)
    exam_day = date_format(first_exam, "SHORT_DATE_FORMAT")
    problems = []
    closes = of_kind(KeyDateKind.REGISTRATION_CLOSES)
    for i, date in closes:
        if date > first_exam:
            problems.append(
                (i, gettext("Registration must close on or before the exam day (%(date)s).") % {"date": exam_day})
            )
    opens = of_kind(KeyDateKind.REGISTRATION_OPENS)
    if opens and closes:
        first_open_index, first_open = min(opens, key=lambda row: row[1])
        first_close = min(date for _, date in closes)
        if first_open > first_close:
            problems.append(
                (
                    first_open_index,
                    gettext("Registration cannot open (%(opens)s) after it closes (%(closes)s).")
                    % {
                        "opens": date_format(first_open, "SHORT_DATE_FORMAT"),
                        "closes": date_format(first_close, "SHORT_DATE_FORMAT"),
                    },
                )
            )
    for i, date in of_kind(KeyDateKind.RESULTS):
        if date < first_exam:
            problems.append(
                (i, gettext("Results cannot be published before the exam day (%(date)s).") % {"date": exam_day})
            )
    return problems


class ExamNoticeForm(ChangeNotesForm):
    """Checks the key dates together; an error is shown on the page and on the offending row."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("key_dates")
        if formset is None or not formset.is_valid():
            return cleaned_data  # each row's own errors are shown first
        deleted = formset.deleted_forms
        forms = [form for form in formset.forms if form.cleaned_data and form not in deleted]
        rows = [(form.cleaned_data.get("kind"), form.cleaned_data.get("date")) for form in forms]
        for row, message in key_date_problems(rows):
            self.add_error(None, message)
            if row is not None:
                forms[row].add_error("date", message)
        return cleaned_data


class ExamIndexPage(FeedRoutesMixin, ListingPage):
    section = Section(40, "thi-tuyen-sinh", "Thông báo thi – tuyển sinh", "exams", "Exams and enrolment")
    listing_filters = (
        ("kind", "exam_kind", ExamKind.values.__contains__),
        ("school_year", "school_year", is_school_year),
    )
    subpage_types = ["exams.ExamNoticePage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("exam notice index")
        verbose_name_plural = _("exam notice indexes")

    def get_listing_queryset(self, request):
        """Upcoming notices first, soonest first; then past ones, most recent first."""
        today = timezone.localdate()
        return (
            ExamNoticePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("key_dates")
            .annotate(
                past_rank=Case(When(exam_date__gte=today, then=Value(0)), default=Value(1), output_field=IntegerField())
            )
            .order_by(
                "past_rank",
                Case(When(exam_date__gte=today, then=F("exam_date"))).asc(nulls_last=True),
                F("exam_date").desc(nulls_last=True),
                "-pk",
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = list(context["items"].object_list)
        context["upcoming_items"] = [notice for notice in notices if not notice.is_past]
        context["past_items"] = [notice for notice in notices if notice.is_past]
        context["kinds"] = ExamKind.choices
        context["school_years"] = (
            exclude_withdrawn(ExamNoticePage.objects.child_of(self).live().public())
            .exclude(school_year="")
            .order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()
        )
        return context


def archive_fields(record, warnings):
    """Field values from one archive record (core.archive); the key dates go in "__key_dates"."""
    dates = {key: archive_date(record, key, required=key == "exam_date") for key in ARCHIVE_KEY_DATES}
    rows = sorted((date, kind) for key, kind in ARCHIVE_KEY_DATES.items() if (date := dates[key]))
    problems = key_date_problems([(kind, date) for date, kind in rows])
    if problems:
        raise ArchiveRecordError(" ".join(message for _, message in problems))
    school_year = archive_school_year(record)
    return {
        "exam_kind": exam_kind_from_title(record.get("title")),
        "exam_date": dates["exam_date"],
        "school_year": school_year,
        "venue": str(record.get("venue") or "").strip()[:255],
        "audience": str(record.get("audience") or "").strip()[:255],
        "__key_dates": [{"kind": kind, "date": date} for date, kind in rows],
    }


def archive_after_save(page, record, extras):
    """Replace the page's key dates by the record's (before its revision is saved)."""
    rows = extras.get("__key_dates", extras.get("key_dates")) or []
    page.key_dates = [ExamKeyDate(sort_order=i, **row) for i, row in enumerate(rows)]
    page.exam_date = page.first_exam_day()


class ExamNoticePage(RoutablePageMixin, ChangeNotesMixin, BasePage):
    family = PageFamily(
        key="exam",
        label=_("Exams and enrolment"),
        date_field="exam_date",
        reapproval=True,
        plan_area=ContentArea.COMPETITIONS,
        archive=Archive(fields=archive_fields, after_save=archive_after_save),
    )
    exam_kind = models.CharField(_("exam"), max_length=32, choices=ExamKind.choices, default=ExamKind.OTHER)
    school_year = models.CharField(
        _("school year"), max_length=9, blank=True, validators=[validate_school_year], help_text=_("e.g. 2024-2025")
    )
    audience = models.CharField(_("who it is for"), max_length=255, blank=True, help_text=_("e.g. Grade 12 students"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    exam_date = models.DateField(
        _("exam date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first exam day among the key dates; kept up to date automatically."),
    )
    required_documents = RichTextField(
        _("required documents"),
        blank=True,
        features=["bold", "italic", "ol", "ul", "link", "document-link"],
        help_text=_("The papers candidates must bring or submit."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    base_form_class = ExamNoticeForm
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("exam_kind"), FieldPanel("school_year"), FieldPanel("audience"), FieldPanel("venue")],
            heading=_("Exam"),
        ),
        InlinePanel("key_dates", heading=_("Key dates"), label=_("Key date")),
        FieldPanel("summary"),
        FieldPanel("required_documents"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("required_documents"),
        index.SearchField("venue"),
        index.SearchField("audience"),
        index.FilterField("exam_date"),
        index.FilterField("exam_kind"),
        index.FilterField("school_year"),
    ]
    # Key dates (a child relation, synchronised whole) and the kind of exam follow the source already.
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("school_year", overridable=False)
    ]
    parent_page_types = ["exams.ExamIndexPage"]
    subpage_types = []

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("exam notice")
        verbose_name_plural = _("exam notices")

    @property
    def date(self):
        return self.exam_date

    @property
    def is_past(self):
        """The (first) exam day has gone by; the notice stays readable, marked as past."""
        return self.exam_date is not None and self.exam_date < timezone.localdate()

    def first_exam_day(self):
        days = [row.date for row in self.key_dates.all() if row.kind == KeyDateKind.EXAM and row.date]
        return min(days) if days else None

    def save(self, *args, **kwargs):
        self.exam_date = self.first_exam_day()
        return super().save(*args, **kwargs)

    def key_dates_in_order(self):
        return sorted(self.key_dates.all(), key=lambda row: (row.date, row.start_time or datetime.time.min))

    def next_key_date(self, today=None):
        """The first key date from today on, or None when every date has passed."""
        today = today or timezone.localdate()
        return next((row for row in self.key_dates_in_order() if row.date >= today), None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["key_dates"] = self.key_dates_in_order()
        context["next_key_date"] = self.next_key_date(today)
        context["attachments"] = [row for row in self.attachments.select_related("document") if row.document]
        return context

    def structured_data(self, request, *, url, school, image=None):
        """The notice, and each key date as a schema.org Event held at the school (or the notice's venue)."""
        data = super().structured_data(request, url=url, school=school, image=image)
        place = {"@type": "Place", "name": self.venue or school.school_name}
        place["address"] = school.address or school.school_name
        organizer = school_organization(school)
        for row in self.key_dates_in_order():
            event = {
                "@type": "Event",
                "name": row.summary(self),
                "startDate": local_iso(row.date, row.start_time),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": place,
                "organizer": organizer,
                "url": url,
            }
            if row.end_time:
                event["endDate"] = local_iso(row.date, row.end_time)
            if row.note:
                event["description"] = row.note
            data.append(event)
        return data

    @property
    def calendar_url(self):
        """The address of the notice's .ics file (see `calendar`)."""
        return self.url + "calendar.ics" if self.url else ""

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        """The key dates as an iCalendar file (core.calendar), to add to a phone's calendar."""
        page_url = self.get_full_url(request)
        entries = [
            CalendarEntry(
                uid=calendar_uid("exam", self.pk, "date", row.pk),
                summary=row.summary(self),
                start=datetime.datetime.combine(row.date, row.start_time) if row.start_time else row.date,
                end=datetime.datetime.combine(row.date, row.end_time) if row.start_time and row.end_time else None,
                location=self.venue if row.kind == KeyDateKind.EXAM else "",
                description=row.note,
                url=page_url,
                stamp=self.last_published_at,
            )
            for row in self.key_dates_in_order()
        ]
        return calendar_response(entries, name=self.title, filename=f"{self.slug}.ics", product="exam notices")


# Archive record keys that are key dates, and their kind.
ARCHIVE_KEY_DATES = {
    "registration_start": KeyDateKind.REGISTRATION_OPENS,
    "registration_deadline": KeyDateKind.REGISTRATION_CLOSES,
    "exam_date": KeyDateKind.EXAM,
    "results_date": KeyDateKind.RESULTS,
}

# Words in an archived notice's title that tell its kind of exam, tried in this order.
TITLE_KINDS = [
    ("thi thử", ExamKind.MOCK),
    ("tốt nghiệp", ExamKind.GRADUATION),
    ("lớp 10", ExamKind.GRADE_10_ENTRANCE),
    ("học sinh giỏi", ExamKind.PROVINCIAL_GIFTED),
    ("học kỳ", ExamKind.SEMESTER_TEST),
]


def exam_kind_from_title(title):
    text = str(title or "").lower()
    return next((kind for words, kind in TITLE_KINDS if words in text), ExamKind.OTHER)


class ExamKeyDate(Orderable):
    page = ParentalKey(ExamNoticePage, on_delete=models.CASCADE, related_name="key_dates")
    kind = models.CharField(_("what happens"), max_length=32, choices=KeyDateKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    session_label = models.CharField(_("session"), max_length=255, blank=True, help_text=_("e.g. Buổi sáng – Ngữ văn"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("session_label"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"

    def clean(self):
        super().clean()
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": _("Give the start time as well as the end time.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})

    def summary(self, page):
        """One line for a calendar: “Exam day – Morning – Literature: <notice title>”."""
        label = str(self.get_kind_display())
        if self.session_label:
            label = f"{label} – {self.session_label}"
        return f"{label}: {page.title}"

    @property
    def is_past(self):
        return self.date < timezone.localdate()

    @property
    def days_left(self):
        """Days from today (in the school's time zone) to this date; 0 on the day itself."""
        return (self.date - timezone.localdate()).days


class ExamAttachment(Orderable):
    page = ParentalKey(ExamNoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("link text"), max_length=255, blank=True, help_text=_("The document's title if empty."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def label(self):
        return self.title or self.document.title
