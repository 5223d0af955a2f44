"""Công khai: the public-disclosure section required by Thông tư 09/2024/TT-BGDĐT.

The circular fixes what a school discloses (general information; the conditions ensuring the quality of
education; the plan and results of the school year; income and expenditure), when (annual items before
30 June; a change within 10 working days of it), the annual report as a PDF, and that disclosed items stay
on the portal for at least five years. Each `DisclosureItemPage` computes its due date from its rule; the
index lists items by category and school year with their status; reminders and the five-year retention
guard live in `disclosure.views` and the `disclosure_reminders` command. See
docs/disclosure-and-schedule.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.staff import is_staff
from disclosure.schedule import WorkScheduleEntry, WorkSchedulePage  # noqa: F401 (the schedule's models, registered with this app)
from feedback.forms import detect_attachment_type
from home.blocks import BodyBlock
from home.models import BasePage
from home.validators import validate_school_year

RETENTION_YEARS = 5
CHANGE_WORKING_DAYS = 10
ANNUAL_DUE_MONTH_DAY = (6, 30)
DUE_SOON_DAYS = 14


class Category(models.TextChoices):
    GENERAL = "general", _("General information")
    QUALITY = "quality", _("Conditions ensuring the quality of education")
    PLAN_RESULTS = "plan-results", _("Education plan and results of the school year")
    FINANCE = "finance", _("Income and expenditure")


# The sub-items of each category, as the notes on TT 09/2024 (Art. 4, 5, 8, 9) give them; "other" covers the rest.
TOPICS = {
    Category.GENERAL: [
        ("identity", _("Name, addresses, phone, e-mail and website")),
        ("type-and-governance", _("Type of school and managing body")),
        ("mission", _("Mission, vision and goals")),
        ("history", _("Summary history")),
        ("annual-report", _("Annual report")),
        ("general-other", _("Other general information")),
    ],
    Category.QUALITY: [
        ("staff", _("Teachers, managers and staff by position and qualification")),
        ("facilities", _("Land, classrooms, facilities and equipment")),
        ("accreditation", _("Quality accreditation and national standard recognition")),
        ("quality-other", _("Other quality conditions")),
    ],
    Category.PLAN_RESULTS: [
        ("enrolment-plan", _("Enrolment plan")),
        ("education-plan", _("Education plan of the school year")),
        ("family-coordination", _("Rules for working with families and society")),
        ("support-programmes", _("Support programmes for students")),
        ("menu", _("Daily menu")),
        ("previous-year-results", _("Results of the previous school year")),
        ("plan-other", _("Other plans and results")),
    ],
    Category.FINANCE: [
        ("revenues", _("Fees and other revenues")),
        ("budget", _("Budget estimate and settlement")),
        ("finance-other", _("Other income and expenditure")),
    ],
}
TOPIC_CHOICES = [(category.label, topics) for category, topics in TOPICS.items()]
TOPIC_CATEGORY = {value: category for category, topics in TOPICS.items() for value, _label in topics}


class Rule(models.TextChoices):
    ANNUAL = "annual", _("Annual: by 30 June of the school year")
    CHANGE = "change", _("Change: within 10 working days of the change")


class Status(models.TextChoices):
    ON_TIME = "on-time", _("On time")
    LATE = "late", _("Disclosed late")
    DUE_SOON = "due-soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    PLANNED = "planned", _("Not yet due")


def add_working_days(start, count):
    """The date `count` working days (Monday to Friday) after `start`; `start` itself is not counted.

    Public holidays are not skipped: the school has no holiday calendar in the CMS, so the result is the
    strict reading and never later than the legal deadline.
    """
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def annual_due_date(school_year):
    """Annual items of school year "2023-2024" are due by 30 June 2024."""
    month, day = ANNUAL_DUE_MONTH_DAY
    return datetime.date(int(school_year.split("-")[1]), month, day)


def due_date_for(rule, school_year, changed_on):
    if rule == Rule.ANNUAL and school_year:
        return annual_due_date(school_year)
    if rule == Rule.CHANGE and changed_on:
        return add_working_days(changed_on, CHANGE_WORKING_DAYS)
    return None


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def status_for(due_date, disclosed_on, today):
    if disclosed_on is not None:
        return Status.ON_TIME if due_date is None or disclosed_on <= due_date else Status.LATE
    if due_date is None:
        return Status.PLANNED
    if today > due_date:
        return Status.OVERDUE
    if (due_date - today).days <= DUE_SOON_DAYS:
        return Status.DUE_SOON
    return Status.PLANNED


def validate_pdf_document(document):
    """The report must really be a PDF: read its content (magic bytes and a full parse), not its name."""
    try:
        with document.open_file() as stream:
            mime = detect_attachment_type(stream)
    except OSError:
        mime = None
    if mime != "application/pdf":
        raise ValidationError(
            {"report": _("The report must be a PDF file; “%(title)s” is not one.") % {"title": document.title}}
        )


class DisclosureIndexPage(BasePage):
    """Công khai: the disclosure section, items grouped by category and school year."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["disclosure.DisclosureItemPage"]
    max_count_per_parent = 1
    template = "disclosure/disclosure_index_page.html"

    class Meta:
        db_table = "editorial_disclosureindexpage"
        verbose_name = _("public disclosure index")
        verbose_name_plural = _("public disclosure indexes")

    def items_for(self, user):
        """Live, public items; staff also see the items still being prepared (as their latest draft)."""
        items = list(DisclosureItemPage.objects.child_of(self).live().public().select_related("report"))
        if is_staff(user):
            items += latest_drafts(being_prepared(DisclosureItemPage.objects.child_of(self)))
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        by_category = {category: {} for category in Category}
        for item in self.items_for(request.user):
            years = by_category.setdefault(Category(item.category), {})
            years.setdefault(item.school_year or "", []).append(item)
        context["categories"] = [
            {
                "category": category,
                "years": [
                    {"school_year": year, "items": sorted(items, key=lambda item: (item.due_date or today, item.title))}
                    for year, items in sorted(years.items(), reverse=True)
                ],
            }
            for category, years in by_category.items()
        ]
        context["today"] = today
        return context


class DisclosureItemPage(BasePage):
    """One disclosed item: what, for which school year, under which deadline rule, and the report (PDF)."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    topic = models.CharField(pgettext_lazy("disclosure", "item"), max_length=40, choices=TOPIC_CHOICES)
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year], help_text=_("For example 2024-2025.")
    )
    rule = models.CharField(_("deadline rule"), max_length=10, choices=Rule.choices, default=Rule.ANNUAL)
    changed_on = models.DateField(
        _("date of the change"),
        null=True,
        blank=True,
        help_text=_("For a change: the day it happened or official information became available."),
    )
    due_date = models.DateField(_("disclosure deadline"), null=True, blank=True, editable=False, db_index=True)
    disclosed_on = models.DateField(
        _("disclosed on"),
        null=True,
        blank=True,
        help_text=_("Leave empty: the day the page is first published."),
    )
    report = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("report (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Thông tư 09/2024: annual items are disclosed by 30 June; a change within 10 working days; "
                        "disclosed items stay on the site at least five years."
                    )
                ),
                FieldRowPanel([FieldPanel("category"), FieldPanel("topic")]),
                FieldRowPanel([FieldPanel("school_year"), FieldPanel("rule"), FieldPanel("changed_on")]),
                FieldPanel("disclosed_on"),
            ],
            heading=_("Disclosure"),
        ),
        FieldPanel("report"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("school_year")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []
    template = "disclosure/disclosure_item_page.html"

    class Meta:
        db_table = "editorial_disclosureitempage"
        verbose_name = _("public disclosure item")
        verbose_name_plural = _("public disclosure items")

    def clean(self):
        super().clean()
        errors = {}
        if self.topic and self.category and TOPIC_CATEGORY.get(self.topic) != self.category:
            errors["topic"] = _("This item belongs to another category.")
        if self.rule == Rule.CHANGE and not self.changed_on:
            errors["changed_on"] = _("Give the date of the change: the deadline is counted from it.")
        if errors:
            raise ValidationError(errors)
        if self.report_id:
            validate_pdf_document(self.report)
        self.due_date = self.compute_due_date()

    def compute_due_date(self):
        try:
            return due_date_for(self.rule, self.school_year, self.changed_on)
        except (ValueError, IndexError):  # an invalid school year, refused by its validator
            return None

    def save(self, *args, **kwargs):
        self.due_date = self.compute_due_date()
        return super().save(*args, **kwargs)

    @property
    def disclosure_date(self):
        """When the item was made public: the date given, or the day it was first published."""
        if self.disclosed_on:
            return self.disclosed_on
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @property
    def retained_until(self):
        disclosed = self.disclosure_date
        return add_years(disclosed, RETENTION_YEARS) if disclosed else None

    def is_retained(self, today=None):
        until = self.retained_until
        return until is not None and (today or timezone.localdate()) < until

    def status(self, today=None):
        # Published once is disclosed, even if taken down since (after its five years, or with a reason).
        return Status(status_for(self.due_date, self.disclosure_date, today or timezone.localdate()))

    @property
    def topic_label(self):
        return dict(topic for topics in TOPICS.values() for topic in topics).get(self.topic, self.topic)


def being_prepared(items):
    """Items never published yet (an item taken down after it was disclosed is not being prepared)."""
    return items.filter(live=False, first_published_at__isnull=True)


def latest_drafts(pages):
    """Each page as its latest revision, in one query (`get_latest_revision_as_object` costs two per page)."""
    return [
        page.with_content_json(page.latest_revision.content) if page.latest_revision else page
        for page in pages.select_related("latest_revision")
    ]


def items_needing_attention(today=None, horizon_days=DUE_SOON_DAYS):
    """Items not yet disclosed whose due date is past or within `horizon_days`, soonest first.

    Items being prepared are drafts: their fields are read from their latest revision.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    items = []
    for draft in latest_drafts(being_prepared(DisclosureItemPage.objects.all()).order_by("pk")):
        if draft.disclosed_on is None and draft.due_date and draft.due_date <= horizon:
            items.append(draft)
    return sorted(items, key=lambda item: (item.due_date, item.title))


def retained_items(page, today=None):
    """The disclosure items a deletion or unpublication of `page` would remove that must still be kept."""
    candidates = DisclosureItemPage.objects.descendant_of(page, inclusive=True).filter(
        models.Q(first_published_at__isnull=False) | models.Q(disclosed_on__isnull=False)
    )
    return [item for item in candidates if item.is_retained(today)]


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("Deletion")
    UNPUBLISH = "unpublish", _("Unpublication")


class RetentionOverride(models.Model):
    """A disclosed item removed within its five-year retention period, with who did it and why."""

    page = models.ForeignKey(Page, verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="+")
    page_title = models.CharField(_("page title"), max_length=255)
    action = models.CharField(_("removal"), max_length=10, choices=RetentionAction.choices)
    reason = models.TextField(_("reason"))
    disclosed_on = models.DateField(_("disclosed on"), null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        db_table = "editorial_retentionoverride"
        verbose_name = _("retention override")
        verbose_name_plural = _("retention overrides")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.page_title} ({self.get_action_display()})"


class DisclosureReminder(models.Model):
    """The reminder e-mail of one day, so the command sends at most one a day however often it runs."""

    day = models.DateField(_("day"), unique=True)
    item_count = models.PositiveIntegerField(pgettext_lazy("disclosure", "items"))
    recipients = models.TextField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        db_table = "editorial_disclosurereminder"
        verbose_name = _("disclosure reminder")
        verbose_name_plural = _("disclosure reminders")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.item_count}"
