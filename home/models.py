"""The home page, plain school-information pages, and the school's identity settings.

`BasePage` and `ListingPage` are the abstract foundations every page family builds on, so that
summaries, social-sharing images and paginated listings behave the same everywhere.
"""

import copy

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.cache import until_next_purge
from home.change_notes import ChangeLogEntry, ChangeNotesMixin, exclude_withdrawn  # noqa: F401 (registers the model)
from home.seo import iso, public_root_url, school_organization


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

    # What the page is to search engines (schema.org type, home.seo) and whether they may index it.
    schema_type = "WebPage"
    robots = ""

    class Meta:
        abstract = True

    def get_sharing_image(self):
        return self.social_image

    def meta_description(self):
        """The page's own description for search engines and shares; the head falls back to the home page's."""
        return self.search_description or self.summary

    def structured_data(self, request, *, url, school, image=None):
        """schema.org objects describing the page, written as JSON-LD in its <head> (home.seo)."""
        data = {
            "@type": self.schema_type,
            "@id": url,
            "url": url,
            "name": self.seo_title or self.title,
            "inLanguage": self.locale.language_code,
            "isPartOf": {"@type": "WebSite", "name": school.school_name},
        }
        description = self.meta_description()
        if description:
            data["description"] = description
        if image:
            data["image"] = image
        if self.first_published_at:
            data["datePublished"] = iso(self.first_published_at)
        if self.last_published_at:
            data["dateModified"] = iso(self.last_published_at)
        return [data]

    def get_url_parts(self, request=None):
        """Wagtail's URL parts with the site's public root (`SITE_URL`, whatever its port), so the sitemap and
        every full URL Wagtail builds say https on a non-standard https port too."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, public_root_url(root_url), page_path

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
    """The request's `SchoolSettings` (what `{{ settings.home.SchoolSettings }}` reads) in the request's
    language: its texts from the `SchoolTexts` of that locale (docs/i18n.md). Kept until the next purge:
    saving the settings or the texts purges (home.signals)."""
    attribute = SchoolSettings.get_cache_attr_name()
    if request is None or hasattr(request, attribute):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    language = get_language() or settings.LANGUAGE_CODE
    school = until_next_purge(
        request,
        f"schoolsettings:{site.pk}:{language}",
        lambda: SchoolSettings.for_site(site).in_language(language),
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
    schema_type = "CollectionPage"

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
    """A page of results; a malformed or out-of-range ?page= is a page that does not exist (404), so a
    crawler never indexes copies of the last page under endless numbers."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("There is no such page in this list.")) from None


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

    def structured_data(self, request, *, url, school, image=None):
        """The home page stands for the school: a WebSite and the school as a HighSchool organisation."""
        page = super().structured_data(request, url=url, school=school, image=image)
        website = {"@type": "WebSite", "@id": url + "#website", "url": url, "name": school.school_name}
        website["inLanguage"] = self.locale.language_code
        return page + [website, school_organization(school, url)]

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

    # The texts (name, governing body, address, responsible person, spokesperson's position) are edited
    # per language in Snippets → School texts; the fields here are their last fallback.
    panels = [
        HelpPanel(
            content=_(
                "The school's name, address, footer and the spokesperson's position are edited in each "
                "language under Snippets → School texts."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("facebook_url")],
            heading=_("School"),
        ),
        MultiFieldPanel(
            [FieldPanel("spokesperson_name"), FieldPanel("spokesperson_phone"), FieldPanel("spokesperson_email")],
            heading=_("Spokesperson"),
        ),
    ]

    class Meta:
        verbose_name = _("school settings")

    def in_language(self, language):
        """A copy for display whose texts (name, address, spokesperson's position, footer) are those of
        the `SchoolTexts` in `language`, else in the default language, else these fields. Never saved."""
        shown = copy.copy(self)
        shown._for_display = True
        shown.footer_note = ""
        found = SchoolTexts.for_language(language)
        for name in SchoolTexts.TEXT_FIELDS:
            text = next((getattr(texts, name) for texts in found if getattr(texts, name)), "")
            if text:
                setattr(shown, name, text)
        return shown

    def save(self, *args, **kwargs):
        if getattr(self, "_for_display", False):
            raise ValueError("A school settings copy in another language is not saved.")
        return super().save(*args, **kwargs)


@register_snippet
class SchoolTexts(TranslatableMixin, models.Model):
    """The school's texts in one language, translated with wagtail-localize like pages ("Translate" in
    Snippets → School texts). Wagtail's site settings cannot be translated; the site shows these in the
    page's language, those in Vietnamese where a text is not translated, and the school settings last."""

    TEXT_FIELDS = (
        "school_name",
        "governing_body",
        "address",
        "spokesperson_title",
        "responsible_person",
        "footer_note",
    )

    school_name = models.CharField(_("school name"), max_length=255)
    governing_body = models.CharField(_("governing body"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    spokesperson_title = models.CharField(_("spokesperson's position"), max_length=255, blank=True)
    responsible_person = models.CharField(
        _("person responsible for the content"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the footer, as Decree 42/2022 asks of an official website."),
    )
    footer_note = models.TextField(_("footer note"), blank=True)

    panels = [FieldPanel(name) for name in TEXT_FIELDS]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("school texts")
        verbose_name_plural = _("school texts")

    def __str__(self):
        return f"{self.school_name} ({self.locale.language_code})"

    @classmethod
    def for_language(cls, language):
        """The texts in `language`, then those of the default locale (each at most once)."""
        default = Locale.get_default().language_code
        codes = [language] if language == default else [language, default]
        found = {
            texts.locale.language_code: texts
            for texts in cls.objects.filter(locale__language_code__in=codes).select_related("locale").order_by("pk")
        }
        return [found[code] for code in codes if code in found]
