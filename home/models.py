"""The home page, plain school-information pages, and the school's identity settings.

`BasePage` and `ListingPage` are the abstract foundations every page family builds on, so that
summaries, social-sharing images and paginated listings behave the same everywhere.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.change_notes import ChangeLogEntry, ChangeNotesMixin, exclude_withdrawn  # noqa: F401 (registers the model)


class BasePage(Page):
    """Fields every public page has: a summary for listings, search snippets and social sharing."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings, search results and when shared on Facebook."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Image shown when the page is shared on Facebook; the lead image is used when empty."),
    )

    # Listing cards ask every page for these; a page type without them would cost a failed template
    # look-up per card (Django then calls dir() on the page, slow on a page model).
    is_rebuttal = False
    date = None

    search_fields = Page.search_fields + [index.SearchField("summary")]
    promote_panels = Page.promote_panels + [FieldPanel("social_image")]
    # What wagtail-localize does not guess right (docs/i18n.md): images follow the source and a translator
    # cannot swap them; subclasses add their own to this list.
    override_translatable_fields = [SynchronizedField("social_image", overridable=False)]

    class Meta:
        abstract = True

    def get_sharing_image(self):
        return self.social_image


class ListingPage(BasePage):
    """An index page that lists its live, public children, newest first, a page at a time."""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    items_per_page = 12

    class Meta:
        abstract = True

    def get_listing_queryset(self, request):
        """Children an anonymous visitor may see; subclasses narrow and order them."""
        return self.get_children().live().public().specific()

    # Query-string filters: (parameter, queryset lookup, validator). A value the validator refuses is
    # ignored, so a hand-edited URL never breaks the listing.
    listing_filters = ()

    def filter_listing(self, request, queryset):
        """Apply `listing_filters` from the query string; returns (queryset, active filters)."""
        filters = {}
        for parameter, lookup, is_valid in self.listing_filters:
            value = request.GET.get(parameter, "").strip()
            if value and is_valid(value):
                queryset = queryset.filter(**{lookup: value})
                filters[parameter] = value
        return queryset, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset, filters = self.filter_listing(request, exclude_withdrawn(self.get_listing_queryset(request)))
        context["filters"] = filters
        context["items"] = paginate(request, queryset, self.items_per_page)
        return context


def paginate(request, queryset, per_page):
    """A page of results; a malformed or out-of-range ?page= gives the nearest valid page."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def private_pages_q(request=None):
    """Pages under a view restriction (password, groups, signed-in users), as a Q to exclude.

    The same as Wagtail's `PageQuerySet.private_q()`, which joins the restrictions to the page table:
    PostgreSQL answers that join by reading every page while the (tiny) restriction table has no
    statistics, 10 ms with 10,000 pages. Two indexed queries instead, once per request.
    """
    from wagtail.models import PageViewRestriction

    q = getattr(request, "_private_pages_q", None)
    if q is None:
        restricted = Page.objects.filter(pk__in=list(PageViewRestriction.objects.values_list("page_id", flat=True)))
        q = Q()
        for page in restricted.only("path", "depth"):
            q |= Page.objects.descendant_of_q(page, inclusive=True)
        if request is not None:
            request._private_pages_q = q
    return q


class HomePage(BasePage):
    """The school's front page: latest news, upcoming exams, exemplary people, newest documents."""

    welcome = models.TextField(_("welcome text"), blank=True)
    urgent_notice = models.CharField(
        _("urgent notice"),
        max_length=255,
        blank=True,
        help_text=_("A short notice shown prominently at the top of the home page. Leave empty to hide."),
    )
    urgent_notice_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("urgent notice link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("welcome"),
        MultiFieldPanel([FieldPanel("urgent_notice"), FieldPanel("urgent_notice_link")], heading=_("Urgent notice")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from home.sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = home_sections(self, request)
        return context


class StandardPage(ChangeNotesMixin, BasePage):
    """A plain page: introduction, organisation and leadership, contacts, press information."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    show_spokesperson = models.BooleanField(
        _("show the spokesperson's details"),
        default=False,
        help_text=_("Tick on the press page: the spokesperson's name and contacts from the site settings appear."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("show_spokesperson"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


@register_setting(icon="home")
class SchoolSettings(BaseSiteSetting):
    """The school's identity, contacts and spokesperson, editable in the admin without a deploy."""

    school_name = models.CharField(_("school name"), max_length=255, default="Trường THPT Lắk")
    governing_body = models.CharField(
        _("governing body"), max_length=255, default="Sở Giáo dục và Đào tạo tỉnh Đắk Lắk", blank=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    spokesperson_name = models.CharField(_("spokesperson's name"), max_length=255, blank=True)
    spokesperson_title = models.CharField(_("spokesperson's position"), max_length=255, blank=True)
    spokesperson_phone = models.CharField(_("spokesperson's phone"), max_length=50, blank=True)
    spokesperson_email = models.EmailField(_("spokesperson's e-mail"), blank=True)
    responsible_person = models.CharField(
        _("person responsible for the content"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the footer, as Decree 42/2022 asks of an official website."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("school_name"),
                FieldPanel("governing_body"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("facebook_url"),
                FieldPanel("responsible_person"),
            ],
            heading=_("School"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("spokesperson_name"),
                FieldPanel("spokesperson_title"),
                FieldPanel("spokesperson_phone"),
                FieldPanel("spokesperson_email"),
            ],
            heading=_("Spokesperson"),
        ),
    ]

    class Meta:
        verbose_name = _("school settings")
