"""Policy explainers: a legal document's metadata as Vietnamese portals show it, then what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage


class PolicyIndexPage(FeedRoutesMixin, ListingPage):
    subpage_types = ["policies.PolicyPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")

    def get_listing_queryset(self, request):
        return PolicyPage.objects.child_of(self).live().public().order_by("-issued_date", "-pk")


class PolicyPage(BasePage):
    document_number = models.CharField(
        _("document number"), max_length=64, help_text=_("Số ký hiệu, e.g. 09/2024/TT-BGDĐT")
    )
    document_type = models.CharField(_("document type"), max_length=64)
    issuer = models.CharField(_("issuing body"), max_length=255)
    issued_date = models.DateField(_("date of issue"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    explainer = RichTextField(_("what it means"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("document_type"),
                FieldPanel("issuer"),
                FieldPanel("issued_date"),
                FieldPanel("effective_date"),
                FieldPanel("signer"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("explainer"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("document_number", boost=3),
        index.AutocompleteField("document_number"),
        index.SearchField("issuer"),
        index.SearchField("explainer"),
        index.FilterField("document_type"),
        index.FilterField("issued_date"),
    ]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy explainer")
        verbose_name_plural = _("policy explainers")

    @property
    def date(self):
        return self.issued_date
