"""Profiles of exemplary students, teachers and staff (gương người tốt việc tốt).

A profile's photo is shown only when the consent to publish it is recorded (who gave it and when):
validation rejects a photo without recorded consent, and the templates ask `photo_to_show`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.archive.records import archive_choice, archive_school_year
from core.families import Archive, PageFamily, Section
from home.blocks import BodyBlock
from home.change_notes import ChangeNotesMixin, exclude_withdrawn
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage
from home.seo import school_organization
from home.validators import is_school_year, validate_school_year
from plan.content_areas import ContentArea

PHOTO_CONSENT_REQUIRED = _(
    "A photo can only be published with recorded consent: tick the consent box and say who gave it and when."
)


class PersonRole(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    STAFF = "staff", _("Staff")


class PeopleIndexPage(FeedRoutesMixin, ListingPage):
    section = Section(30, "guong-sang", "Gương người tốt việc tốt", "exemplary-people", "Exemplary people")
    listing_filters = (
        ("role", "role", PersonRole.values.__contains__),
        ("school_year", "school_year", is_school_year),
    )
    subpage_types = ["people.PersonPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("exemplary people index")
        verbose_name_plural = _("exemplary people indexes")

    def get_listing_queryset(self, request):
        # The cards show each profile's sharing image (social image or consented photo): fetch both at once.
        return (
            PersonPage.objects.child_of(self)
            .live()
            .public()
            .select_related("social_image", "photo")
            .order_by("-school_year", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["roles"] = PersonRole.choices
        context["school_years"] = (
            exclude_withdrawn(PersonPage.objects.child_of(self).live().public())
            .exclude(school_year="")
            .order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()
        )
        return context


def archive_fields(record, warnings):
    """Field values from one archive record (core.archive); raises ArchiveRecordError."""
    role = archive_choice(record, "role", PersonRole.values, required=True)
    school_year = archive_school_year(record)
    values = {"role": role, "school_year": school_year}
    for key in ("achievement", "movement", "class_or_department"):
        values[key] = str(record.get(key) or "").strip()[:255]
    return values


class PersonPage(ChangeNotesMixin, BasePage):
    family = PageFamily(
        key="person",
        label=_("Exemplary people"),
        plan_area=ContentArea.EXEMPLARY,
        archive=Archive(fields=archive_fields),
    )
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)
    class_or_department = models.CharField(
        _("class or department"), max_length=255, blank=True, help_text=_("e.g. 12A1, or Tổ Ngữ văn")
    )
    school_year = models.CharField(
        _("school year"), max_length=9, blank=True, validators=[validate_school_year], help_text=_("e.g. 2023-2024")
    )
    achievement = models.CharField(_("title or award"), max_length=255, blank=True)
    movement = models.CharField(
        _("emulation movement"),
        max_length=255,
        blank=True,
        help_text=_(
            "The emulation movement or campaign this example belongs to, e.g. "
            "“Đổi mới, sáng tạo trong quản lý, giảng dạy và học tập”."
        ),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_consent = models.BooleanField(
        _("consent to publish the photo"),
        default=False,
        help_text=_("Tick only when the person (or, for a student under 16, a parent) agreed to publishing the photo."),
    )
    photo_consent_by = models.CharField(
        _("consent given by"), max_length=255, blank=True, help_text=_("Name, and relationship for a parent.")
    )
    photo_consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("role"),
                FieldPanel("class_or_department"),
                FieldPanel("school_year"),
                FieldPanel("achievement"),
                FieldPanel("movement"),
            ],
            heading=_("Person"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("photo"),
                FieldPanel("photo_consent"),
                FieldPanel("photo_consent_by"),
                FieldPanel("photo_consent_date"),
            ],
            heading=_("Photo and consent"),
        ),
        FieldPanel("body"),
    ]
    # The school year is a filter value, the photo and its consent are facts about the person: the same in
    # both languages.
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("school_year", overridable=False),
        SynchronizedField("photo", overridable=False),
        SynchronizedField("photo_consent_by", overridable=False),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("achievement"),
        index.SearchField("movement"),
        index.SearchField("class_or_department"),
        index.SearchField("body"),
        index.FilterField("role"),
        index.FilterField("school_year"),
    ]
    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types = []

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("exemplary person")
        verbose_name_plural = _("exemplary people")

    @property
    def consent_recorded(self):
        return bool(self.photo_consent and self.photo_consent_by.strip() and self.photo_consent_date)

    @property
    def photo_to_show(self):
        """The photo, only when consent to publish it is recorded."""
        return self.photo if self.photo_id and self.consent_recorded else None

    def get_sharing_image(self):
        return self.social_image or self.photo_to_show

    schema_type = "ProfilePage"

    def structured_data(self, request, *, url, school, image=None):
        """A profile page about a Person, with the photo only when consent to publish it is recorded."""
        (profile,) = super().structured_data(request, url=url, school=school, image=image)
        person = {"@type": "Person", "name": self.title, "affiliation": school_organization(school)}
        if self.achievement:
            person["award"] = self.achievement
        if self.role:
            person["jobTitle"] = str(self.get_role_display())
        if image and not self.social_image_id and self.photo_to_show is not None:
            person["image"] = image
        profile["mainEntity"] = person
        return [profile]

    def clean(self):
        super().clean()
        if self.photo_id and not self.consent_recorded:
            missing = {}
            if not self.photo_consent:
                missing["photo_consent"] = _("Tick this once consent to publish the photo has been given.")
            if not self.photo_consent_by.strip():
                missing["photo_consent_by"] = _("Say who gave consent to publish the photo.")
            if not self.photo_consent_date:
                missing["photo_consent_date"] = _("Give the date consent to publish the photo was given.")
            missing["photo"] = PHOTO_CONSENT_REQUIRED
            raise ValidationError(missing)
