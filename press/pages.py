"""The press page for journalists: the spokesperson, who else may speak, press releases and the media kit.

Press releases are the news articles the editor picks, then the latest pages of the plan's rebuttal content
area, found through the page-family declarations (core.families), so this app names no news model.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from core.families import family_of, page_families
from home.blocks import DocumentLinkBlock
from home.change_notes import exclude_withdrawn
from home.models import BasePage
from plan.content_areas import ContentArea
from press.register import AuthorisedSpeaker

# The plan's content areas whose latest pages are press releases (statements, rebuttals of false information).
RELEASE_AREAS = [area for area in ("announcement", "rebuttal") if area in ContentArea.values]
LATEST_RELEASES = 5


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    credit = blocks.CharBlock(required=False, label=_("Credit"))

    class Meta:
        icon = "image"
        label = _("Photo")


class KeyFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"))
    value = blocks.CharBlock(label=_("Value"))

    class Meta:
        icon = "order"
        label = _("Key figure")


class PressPage(BasePage):
    """The page for journalists (Thông tin cho báo chí), one per site under the home page."""

    intro = models.TextField(_("introduction"), blank=True)
    releases = StreamField(
        [("release", blocks.PageChooserBlock(page_type="news.NewsPage", label=_("News article")))],
        verbose_name=_("press releases"),
        blank=True,
        help_text=_("Articles to show first; the latest rebuttals and statements of the plan follow."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photos = StreamField([("photo", PhotoBlock())], verbose_name=_("photos"), blank=True)
    documents = StreamField([("document", DocumentLinkBlock())], verbose_name=_("documents to download"), blank=True)
    key_figures = StreamField([("figure", KeyFigureBlock())], verbose_name=_("key figures"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("releases"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("photos"), FieldPanel("documents"), FieldPanel("key_figures")],
            heading=_("Media kit"),
        ),
    ]
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("logo", overridable=False)
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("press page")
        verbose_name_plural = _("press pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["speakers"] = list(AuthorisedSpeaker.objects.current().select_related("user"))
        context["releases"] = self.release_pages()
        # The register is kept in the default language: on a translation its free text is marked as such.
        if self.locale.language_code != settings.LANGUAGE_CODE:
            context["register_language"] = settings.LANGUAGE_CODE
        return context

    def release_pages(self):
        """The picked articles, then the latest of the release areas; live and public only, each once."""
        pages = self.picked_pages()
        seen = {page.pk for page in pages}
        pages += [page for page in latest_in_areas(self.locale_id, RELEASE_AREAS) if page.pk not in seen]
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in pages]).specific()}
        return [specific[page.pk] for page in pages if page.pk in specific]

    def picked_pages(self):
        """The articles the editor picked, in their order, each in this page's language where translated."""
        picked_ids = [block.value.pk for block in self.releases if block.value is not None]
        picked = {page.pk: page for page in Page.objects.filter(pk__in=picked_ids).live().public()}
        keys = [page.translation_key for page in picked.values()]
        translated = {
            page.translation_key: page
            for page in Page.objects.filter(translation_key__in=keys, locale_id=self.locale_id).live().public()
        }
        return [translated.get(picked[pk].translation_key, picked[pk]) for pk in picked_ids if pk in picked]


def latest_in_areas(locale_id, areas, limit=LATEST_RELEASES):
    """The newest live, public pages filed under one of the plan's content `areas`, of every family that files
    its pages by content area (its facet whose choices are the plan's content areas)."""
    if not areas:
        return []
    found = []
    for model in page_families().values():
        family = model.family
        for dimension, choices in family.facet_choices.items():
            if choices is not ContentArea:
                continue
            order = f"-{family.date_field}" if family.date_field else "-first_published_at"
            in_areas = {f"{family.facets[dimension]}__in": areas}
            queryset = model.objects.live().public().filter(locale_id=locale_id, **in_areas)
            found += list(exclude_withdrawn(queryset).order_by(order, "-pk")[:limit])
    found.sort(key=lambda page: (page_date(page), page.pk), reverse=True)
    return found[:limit]


def page_date(page):
    """A page's own date (its family's date field), else the day it was first published."""
    family = family_of(page)
    day = getattr(page, family.date_field, None) if family and family.date_field else None
    if day is None and page.first_published_at is not None:
        day = page.first_published_at.date()
    return day or datetime.date.min
