"""The home page, plain school-information pages, and the school's identity settings.

`BasePage` and `ListingPage` are the abstract foundations every page family builds on, so that
summaries, social-sharing images and paginated listings behave the same everywhere.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.cache import until_next_purge
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every template reads the page's locale (og:locale) and the school settings: from what the request
        # and the cache already hold, not from one more query each.
        locale_field = Page._meta.get_field("locale")
        for entry in site_translations(request, self).values():
            if entry["page"] is not None and entry["page"].pk == self.pk and not locale_field.is_cached(self):
                locale_field.set_cached_value(self, entry["locale"])
        load_school_settings(request)
        return context

    def route(self, request, path_components):
        """Wagtail's routing, one level at a time, with every level below this page read in one query.

        Wagtail reads each level twice (the child by slug, then its specific row); here the levels above
        the page served are built from their `Page` row alone (`specific_deferred`), and their parents
        are kept on them, so breadcrumbs and view restrictions need no query for the ancestors.
        """
        levels = _route_levels(request, self, path_components)
        child = levels.get((self.path, path_components[0])) if path_components else None
        if child is None:
            return super().route(request, path_components)
        child._cached_parent_obj = self
        rest = path_components[1:]
        result = (child.specific_deferred if rest else child.specific).route(request, rest)
        if result is not None and result.page is child.__dict__.get("specific_deferred"):
            # A routable page serving one of its own sub-routes (a feed): it needs all its fields.
            result.page = child.specific
        return result

    def get_view_restrictions(self):
        """Wagtail's query for the restrictions on this page and its ancestors, without reading the
        ancestors again when routing already did (none of them may be an alias).

        For a routed page the result is read once: the page cache's hook and Wagtail's own check both ask.
        """
        if "_routed_view_restrictions" in self.__dict__:
            return self._routed_view_restrictions
        ancestors = routed_ancestors(self)
        if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        restrictions = PageViewRestriction.objects.filter(page_id__in=[self.pk, *(page.pk for page in ancestors)])
        restrictions._fetch_all()
        self._routed_view_restrictions = restrictions
        return restrictions


def _route_levels(request, start, path_components):
    """{(parent path, slug): page} for the pages a URL below `start` may go through, read once per request.

    Every candidate for each level is read (a slug is unique among siblings only); `BasePage.route`
    then walks from parent to child, exactly as Wagtail does, and the root's ancestors come along.
    """
    if request is None or not path_components:
        return {}
    levels = getattr(request, "_page_route_levels", None)
    if levels is None:
        steplen = Page.steplen
        wanted = Q(path__in=[start.path[: steplen * depth] for depth in range(1, start.depth)])
        for offset, slug in enumerate(path_components, start=1):
            wanted |= Q(depth=start.depth + offset, slug=slug, path__startswith=start.path)
        pages = Page.objects.filter(wanted).order_by("path")
        by_path = {page.path: page for page in pages}
        by_path[start.path] = start
        for page in by_path.values():
            parent = by_path.get(page.path[:-steplen])
            if parent is not None and "_cached_parent_obj" not in page.__dict__:
                page._cached_parent_obj = parent
        levels = {(page.path[:-steplen], page.slug): page for page in pages if page.depth > start.depth}
        request._page_route_levels = levels
    return levels


def request_memo(request):
    """Look-ups shared by the page, its header, menu, breadcrumbs and language switcher in one response."""
    if request is None:
        return {}
    if not hasattr(request, "_site_tags_memo"):
        request._site_tags_memo = {}
    return request._site_tags_memo


def site_translations(request, page=None):
    """The site's home page and `page` in every language that has either, read in one query per request:
    {language code: {"locale": Locale, "home": home page or None, "page": page or None}}, drafts included."""
    memo = request_memo(request)
    page_key = getattr(page, "translation_key", None)
    known = memo.get("translations")
    if known is not None and (page is None or known[0] == page_key):
        return known[1]
    site = Site.find_for_request(request) if request is not None else None
    home = site.root_page if site is not None else None
    found = {}
    keys = {key for key in (page_key, getattr(home, "translation_key", None)) if key}
    translations = Page.objects.filter(translation_key__in=keys).select_related("locale") if keys else []
    for translation in translations:
        entry = found.setdefault(
            translation.locale.language_code, {"locale": translation.locale, "home": None, "page": None}
        )
        if translation.translation_key == page_key:
            entry["page"] = translation
        if home is not None and translation.translation_key == home.translation_key:
            entry["home"] = translation
    memo["translations"] = (page_key, found)
    return found


def load_school_settings(request):
    """The request's `SchoolSettings` (what `{{ settings.home.SchoolSettings }}` reads), kept until the next
    purge: saving the settings purges (home.signals)."""
    attribute = SchoolSettings.get_cache_attr_name()
    if request is None or hasattr(request, attribute):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    school = until_next_purge(
        request,
        f"schoolsettings:{site.pk}",
        lambda: SchoolSettings.for_site(site),
        getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
    )
    school._request = request  # as BaseSiteSetting.for_request does (page URLs relative to the request)
    setattr(request, attribute, school)


def routed_ancestors(page):
    """The page's ancestors, root first, when routing left every one of them on it; otherwise None."""
    ancestors = []
    parent = page.__dict__.get("_cached_parent_obj")
    while parent is not None:
        ancestors.append(parent)
        parent = parent.__dict__.get("_cached_parent_obj")
    ancestors.reverse()
    expected = [page.path[: Page.steplen * depth] for depth in range(1, page.depth)]
    return ancestors if [ancestor.path for ancestor in ancestors] == expected else None


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


def hidden_pages_q(request):
    """Pages under a view restriction that this request does not pass (another group's sub-section,
    a password not given), as a Q to exclude from what it lists; the restrictions are read once."""
    q = Q()
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        if not restriction.accept_request(request):
            q |= Page.objects.descendant_of_q(restriction.page, inclusive=True)
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
