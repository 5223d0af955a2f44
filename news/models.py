"""News articles, filed under the content areas of the school's communications plan.

A rebuttal ("Thông tin phản bác, đính chính") is a news article of its own kind: it names the false
claim it answers and is visibly marked wherever it appears.

Major changes and withdrawal work as on every content page (home.change_notes, docs/change-notes.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.archive.content import find_image
from core.archive.records import ArchiveRecordError, archive_choice, archive_date
from core.families import Archive, PageFamily, Section
from home.blocks import BodyBlock
from home.change_notes import ChangeNotesMixin, exclude_withdrawn
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage, private_pages_q
from home.seo import school_organization
from plan.content_areas import ContentArea


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    REBUTTAL = "rebuttal", _("Rebuttal or correction")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsIndexPage(FeedRoutesMixin, ListingPage):
    section = Section(10, "tin-tuc", "Tin tức", "news", "News")
    subpage_types = ["news.NewsPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_listing_queryset(self, request):
        # The cards show each item's sharing image (social image or lead image): fetch both in the same query.
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("social_image", "lead_image")
            .order_by("-date", "-pk")
        )

    def filter_listing(self, request, queryset):
        filters = {}
        category = request.GET.get("category", "")
        if category in ContentArea.values:
            queryset = queryset.filter(category=category)
            filters["category"] = category
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            queryset = queryset.filter(tags__name=tag)
            filters["tag"] = tag
        year = request.GET.get("year", "")
        if year.isdigit() and 1900 < int(year) < 2200:
            queryset = queryset.filter(date__year=int(year))
            filters["year"] = int(year)
        return queryset, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = ContentArea.choices
        listed = exclude_withdrawn(self.get_listing_queryset(request))
        context["years"] = [d.year for d in listed.dates("date", "year", order="DESC")]
        return context


def archive_fields(record, warnings):
    """A news article's fields from an archive record (core/archive): {"type": "news", "date": "2024-03-01",
    "category": …, "kind": …, "claim": …, "lead_image": "file-name.jpg"}; tags, title, body and the rest are
    common keys."""
    fields = {"date": archive_date(record, "date", required=True)}
    category = record.get("category")
    if category not in (None, ""):
        if category in ContentArea.values:
            fields["category"] = category
        else:
            warnings.append(
                gettext("“%(value)s” is not a content area: filed under “%(other)s”.")
                % {"value": category, "other": ContentArea.OTHER.value}
            )
            fields["category"] = ContentArea.OTHER
    if record.get("kind") not in (None, ""):
        fields["kind"] = archive_choice(record, "kind", NewsKind.values)
    claim = record.get("claim")
    if claim is not None:
        if not isinstance(claim, str):
            raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "claim"})
        fields["claim"] = claim
    lead_image = record.get("lead_image")
    if lead_image not in (None, ""):
        if not isinstance(lead_image, str):
            raise ArchiveRecordError(gettext("“%(key)s” must be text.") % {"key": "lead_image"})
        image = find_image(lead_image)
        if image is None:
            warnings.append(
                gettext("Image “%(value)s” is not in the image library: imported without it.") % {"value": lead_image}
            )
        fields["lead_image"] = image
    return fields


class NewsPage(ChangeNotesMixin, BasePage):
    family = PageFamily(
        key="news",
        label=_("News"),
        date_field="date",
        facets={"category": "category"},
        facet_choices={"category": ContentArea},
        facet_titles={"category": _("News section")},
        exact_facets=("category",),
        reapproval=lambda page: page.kind == NewsKind.REBUTTAL,
        plan_area=lambda page: page.category,
        archive=Archive(fields=archive_fields),
        facebook=True,
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(
        _("content area"), max_length=32, choices=ContentArea.choices, default=ContentArea.OTHER
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NewsKind.choices, default=NewsKind.NEWS)
    claim = models.TextField(
        _("claim answered"),
        blank=True,
        help_text=_("For a rebuttal: the false or misleading information this article answers, and where it appeared."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("kind"), FieldPanel("tags")], heading=_("Filing")
        ),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("claim"),
        FieldPanel("body"),
        InlinePanel("related_pages", label=_("Related pages"), heading=_("Related pages")),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("lead_image", overridable=False)
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("claim"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("category"),
        index.FilterField("kind"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # "Latest news" (home page, listing, feeds) reads the newest few of thousands of articles.
        indexes = [
            *ChangeNotesMixin.Meta.indexes,
            models.Index(fields=["-date", "-page_ptr"], name="news_newest_first"),
        ]

    schema_type = "NewsArticle"

    @property
    def is_rebuttal(self):
        return self.kind == NewsKind.REBUTTAL

    def structured_data(self, request, *, url, school, image=None):
        (article,) = super().structured_data(request, url=url, school=school, image=image)
        school_data = school_organization(school)
        article.update(
            headline=self.title[:110],
            mainEntityOfPage=url,
            articleSection=str(self.get_category_display()),
            author=school_data,
            publisher=school_data,
        )
        article.setdefault("datePublished", self.date.isoformat())
        return [article]

    def get_sharing_image(self):
        return self.social_image or self.lead_image

    def clean(self):
        super().clean()
        if self.kind == NewsKind.REBUTTAL and not self.claim.strip():
            raise ValidationError({"claim": _("A rebuttal must name the claim it answers.")})

    def visible_related_pages(self):
        """The related pages an anonymous reader may open, in the editor's order."""
        targets = [link.related_page_id for link in self.related_pages.all() if link.related_page_id]
        if not targets:
            return []
        pages = Page.objects.filter(pk__in=targets).live().exclude(private_pages_q())
        visible = exclude_withdrawn(pages).specific().in_bulk()
        return [visible[pk] for pk in targets if pk in visible]


class NewsRelatedPage(Orderable):
    page = ParentalKey(NewsPage, related_name="related_pages", on_delete=models.CASCADE)
    related_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
