"""News articles, filed under the content areas of the school's communications plan.

A rebuttal ("Thông tin phản bác, đính chính") is a news article of its own kind: it names the false
claim it answers and is visibly marked wherever it appears.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from home.blocks import BodyBlock
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage


class ContentArea(models.TextChoices):
    """The content areas of the communications plan (Kế hoạch truyền thông, section II)."""

    POLICY = "policy", _("Policies and directives")
    TRADITIONS = "traditions", _("Traditions, history and anniversaries")
    RESULTS = "results", _("Results of the school year")
    COMPETITIONS = "competitions", _("Competitions and exams")
    SUMMER = "summer", _("Summer activities")
    DIGITAL = "digital-transformation", _("Administrative reform and digital transformation")
    EXEMPLARY = "exemplary-people", _("Exemplary people")
    REBUTTAL = "rebuttal", _("Rebuttal of false information")
    OTHER = "other", _("Other")


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    REBUTTAL = "rebuttal", _("Rebuttal or correction")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsIndexPage(FeedRoutesMixin, ListingPage):
    subpage_types = ["news.NewsPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_listing_queryset(self, request):
        return NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")

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
        context["years"] = [d.year for d in self.get_listing_queryset(request).dates("date", "year", order="DESC")]
        return context


class NewsPage(BasePage):
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

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def is_rebuttal(self):
        return self.kind == NewsKind.REBUTTAL

    def get_sharing_image(self):
        return self.social_image or self.lead_image

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.kind == NewsKind.REBUTTAL and not self.claim.strip():
            raise ValidationError({"claim": _("A rebuttal must name the claim it answers.")})
