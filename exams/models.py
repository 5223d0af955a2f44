"""Exam and enrolment notices with their key dates."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import BodyBlock
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage


class ExamIndexPage(FeedRoutesMixin, ListingPage):
    subpage_types = ["exams.ExamNoticePage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("exam notice index")
        verbose_name_plural = _("exam notice indexes")

    def get_listing_queryset(self, request):
        return ExamNoticePage.objects.child_of(self).live().public().order_by("-exam_date", "-pk")


class ExamNoticePage(BasePage):
    exam_date = models.DateField(_("exam date"))
    registration_start = models.DateField(_("registration opens"), null=True, blank=True)
    registration_deadline = models.DateField(_("registration closes"), null=True, blank=True)
    results_date = models.DateField(_("results published"), null=True, blank=True)
    school_year = models.CharField(_("school year"), max_length=9, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    audience = models.CharField(_("who it is for"), max_length=255, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("exam_date"),
                FieldPanel("registration_start"),
                FieldPanel("registration_deadline"),
                FieldPanel("results_date"),
                FieldPanel("school_year"),
                FieldPanel("venue"),
                FieldPanel("audience"),
            ],
            heading=_("Key dates"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("exam_date"),
        index.FilterField("school_year"),
    ]
    parent_page_types = ["exams.ExamIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exam notice")
        verbose_name_plural = _("exam notices")

    @property
    def date(self):
        return self.exam_date

    @property
    def is_past(self):
        return self.exam_date < timezone.localdate()

    def clean(self):
        super().clean()
        errors = {}
        if self.registration_deadline and self.exam_date and self.registration_deadline > self.exam_date:
            errors["registration_deadline"] = _("Registration must close on or before the exam date.")
        if (
            self.registration_start
            and self.registration_deadline
            and self.registration_start > self.registration_deadline
        ):
            errors["registration_start"] = _("Registration cannot open after it closes.")
        if errors:
            raise ValidationError(errors)
