"""Profiles of exemplary students, teachers and staff (gương người tốt việc tốt)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import BodyBlock
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage


class PersonRole(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    STAFF = "staff", _("Staff")


class PeopleIndexPage(FeedRoutesMixin, ListingPage):
    subpage_types = ["people.PersonPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("exemplary people index")
        verbose_name_plural = _("exemplary people indexes")

    def get_listing_queryset(self, request):
        return PersonPage.objects.child_of(self).live().public().order_by("-school_year", "title")


class PersonPage(BasePage):
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    school_year = models.CharField(_("school year"), max_length=9, blank=True, help_text=_("e.g. 2023-2024"))
    achievement = models.CharField(_("title or award"), max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("role"), FieldPanel("school_year"), FieldPanel("achievement")], heading=_("Person")
        ),
        FieldPanel("summary"),
        FieldPanel("photo"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("achievement"),
        index.SearchField("body"),
        index.FilterField("role"),
        index.FilterField("school_year"),
    ]
    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("exemplary person")
        verbose_name_plural = _("exemplary people")
