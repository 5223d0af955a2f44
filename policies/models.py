"""Policy explainers: a legal document's metadata as Vietnamese portals show it, then what it means.

The metadata (số ký hiệu, loại văn bản, cơ quan ban hành, người ký, ngày ban hành / hiệu lực / hết hiệu
lực) is validated when an editor saves and when the archive import creates a page; the number is parsed
into its parts so that listings and search can filter on them (`policies.metadata` holds the vocabulary,
the parser and the consistency rules). The status (in force, not yet in force, no longer in force) is
computed from the dates, never stored.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.families import Archive, PageFamily, Section
from home.change_notes import ChangeNotesForm, ChangeNotesMixin, exclude_withdrawn
from home.feeds import FeedRoutesMixin
from home.models import BasePage, ListingPage
from home.seo import iso
from plan.content_areas import ContentArea
from policies.metadata import (
    DocumentNumberError,
    DocumentStatus,
    DocumentType,
    PolicyField,
    document_errors,
    metadata_from_record,
    number_fields,
    parse_document_number,
    validate_document_number,
)


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "ol", "ul", "link", "document-link"])

    class Meta:
        icon = "help"
        label = _("Question and answer")


class PolicyPageForm(ChangeNotesForm):
    """Related documents are chosen among the other documents in the same language, shown by number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = PolicyPage.objects.order_by("-issued_date", "title")
        if self.instance.locale_id:
            others = others.filter(locale_id=self.instance.locale_id)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("replaces", "related_documents"):
            if name in self.fields:
                self.fields[name].queryset = others
                self.fields[name].label_from_instance = lambda page: f"{page.document_number} – {page.title}"


class PolicyIndexPage(FeedRoutesMixin, ListingPage):
    section = Section(20, "van-ban", "Văn bản – chính sách", "documents", "Documents and policies")
    subpage_types = ["policies.PolicyPage"]
    parent_page_types = ["home.HomePage"]
    items_per_page = 20

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")

    def get_listing_queryset(self, request):
        return PolicyPage.objects.child_of(self).live().public().order_by("-issued_date", "-pk")

    def issuers(self, queryset):
        return sorted(set(queryset.order_by().values_list("issuer", flat=True)))

    def filter_listing(self, request, queryset):
        """Filters from ?type= ?issuer= ?field= ?year= ?status=; a value that is not offered is ignored."""
        filters = {}
        params = request.GET
        if params.get("type", "") in DocumentType.values:
            filters["type"] = params["type"]
            queryset = queryset.filter(document_type=filters["type"])
        issuer = params.get("issuer", "").strip()[:255]
        if issuer and issuer in self.issuers(self.get_listing_queryset(request)):
            filters["issuer"] = issuer
            queryset = queryset.filter(issuer=issuer)
        if params.get("field", "") in PolicyField.values:
            filters["field"] = params["field"]
            queryset = queryset.filter(field=filters["field"])
        year = params.get("year", "")
        if year.isdigit() and len(year) == 4:
            filters["year"] = int(year)
            queryset = queryset.filter(issued_date__year=filters["year"])
        status = params.get("status", "")
        if status in DocumentStatus.values:
            filters["status"] = status
            queryset = PolicyPage.filter_status(queryset, status)
        return queryset, filters

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        everything = exclude_withdrawn(self.get_listing_queryset(request))
        context["types"] = DocumentType.choices
        context["fields"] = PolicyField.choices
        context["statuses"] = DocumentStatus.choices
        context["issuers"] = self.issuers(everything)
        context["years"] = [d.year for d in everything.dates("issued_date", "year", order="DESC")]
        return context


def archive_fields(record, warnings):
    """Field values from one archive record (docs/archive-import.md); raises ArchiveRecordError."""
    values = metadata_from_record(record, warnings)
    if record.get("replaces"):
        values["replaces"] = PolicyPage.resolve_numbers(record["replaces"], record.get("locale") or "vi", warnings)
    return values


class PolicyPage(ChangeNotesMixin, BasePage):
    family = PageFamily(
        key="policy",
        label=_("Documents and policies"),
        date_field="issued_date",
        facets={"doc_type": "document_type", "issuer": "issuer"},
        facet_choices={"doc_type": DocumentType},
        facet_titles={"doc_type": _("Document type"), "issuer": _("Issued by")},
        result_fields=("document_number",),
        reapproval=True,
        plan_area=ContentArea.POLICY,
        # the importer puts a record's sanitised "body" HTML in the explainer
        archive=Archive(fields=archive_fields, body_field="explainer"),
    )
    document_number = models.CharField(
        _("document number"),
        max_length=64,
        validators=[validate_document_number],
        help_text=_("Số ký hiệu as printed on the document, e.g. 09/2024/TT-BGDĐT, 141/KH-BGDĐT or 29-NQ/TW."),
    )
    # Parts of the number, kept in step with it on every save, for filtering and search.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("year in the number"), null=True, blank=True, editable=False)
    type_code = models.CharField(_("type code"), max_length=16, blank=True, editable=False)
    issuer_code = models.CharField(_("issuer code"), max_length=64, blank=True, editable=False)

    document_type = models.CharField(_("document type"), max_length=32, choices=DocumentType.choices)
    issuer = models.CharField(_("issuing body"), max_length=255, help_text=_("e.g. Bộ Giáo dục và Đào tạo"))
    field = models.CharField(_("field"), max_length=32, choices=PolicyField.choices, blank=True)
    issued_date = models.DateField(_("date of issue"))
    effective_date = models.DateField(
        _("effective date"), null=True, blank=True, help_text=_("Leave empty when it takes effect on the day of issue.")
    )
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("The first day the document is no longer in force. Leave empty while it is."),
    )
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's position"), max_length=255, blank=True)
    replaces = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("Earlier documents this one replaces; they show it as their replacement."),
    )
    related_documents = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from", verbose_name=_("related documents")
    )

    explainer = RichTextField(_("what it means"), blank=True)
    for_students = RichTextField(_("what it means for students"), blank=True)
    for_parents = RichTextField(_("what it means for parents"), blank=True)
    for_teachers = RichTextField(_("what it means for teachers"), blank=True)
    faq = StreamField([("question", FaqBlock())], verbose_name=_("questions and answers"), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("document_type"),
                FieldPanel("issuer"),
                FieldPanel("field"),
                FieldPanel("issued_date"),
                FieldPanel("effective_date"),
                FieldPanel("expiry_date"),
                FieldPanel("signer"),
                FieldPanel("signer_title"),
            ],
            heading=pgettext_lazy("legal document", "Document"),
        ),
        FieldPanel("summary", heading=_("Abstract (trích yếu)")),
        InlinePanel("files", heading=_("Official files"), label=_("File")),
        MultiFieldPanel(
            [
                FieldPanel("replaces", widget=forms.SelectMultiple(attrs={"size": 6})),
                FieldPanel("related_documents", widget=forms.SelectMultiple(attrs={"size": 6})),
            ],
            heading=_("Related documents"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("explainer"),
                FieldPanel("for_students"),
                FieldPanel("for_parents"),
                FieldPanel("for_teachers"),
            ],
            heading=_("Explainer"),
        ),
        FieldPanel("faq"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("document_number", boost=5),
        index.AutocompleteField("document_number"),
        index.SearchField("type_code", boost=2),
        index.SearchField("issuer_code", boost=2),
        index.SearchField("issuer", boost=2),
        index.SearchField("signer"),
        index.SearchField("explainer"),
        index.SearchField("for_students"),
        index.SearchField("for_parents"),
        index.SearchField("for_teachers"),
        index.SearchField("faq"),
        index.FilterField("document_type"),
        index.FilterField("issuer"),
        index.FilterField("issuer_code"),
        index.FilterField("field"),
        index.FilterField("number"),
        index.FilterField("number_year"),
        index.FilterField("issued_date"),
        index.FilterField("effective_date"),
        index.FilterField("expiry_date"),
    ]
    # The document number and its signer are the official record: the same in every language.
    override_translatable_fields = BasePage.override_translatable_fields + [
        SynchronizedField("document_number", overridable=False),
        SynchronizedField("signer", overridable=False),
    ]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    base_form_class = PolicyPageForm

    class Meta(ChangeNotesMixin.Meta):
        verbose_name = _("policy explainer")
        verbose_name_plural = _("policy explainers")

    schema_type = "Legislation"
    # schema.org's legal force for each status (a document not yet in force has none yet).
    LEGAL_FORCE = {
        DocumentStatus.IN_FORCE: "https://schema.org/InForce",
        DocumentStatus.EXPIRED: "https://schema.org/NotInForce",
    }

    @property
    def date(self):
        return self.issued_date

    def structured_data(self, request, *, url, school, image=None):
        """The document itself as schema.org Legislation: number, type, issuer, dates and legal force."""
        (document,) = super().structured_data(request, url=url, school=school, image=image)
        document.update(
            legislationIdentifier=self.document_number,
            legislationType=str(self.get_document_type_display()),
            legislationPassedBy={"@type": "Organization", "name": self.issuer},
            legislationDate=iso(self.issued_date),
            legislationDateOfApplicability=iso(self.in_force_from),
        )
        if self.expiry_date:
            document["expires"] = iso(self.expiry_date)
        if self.signer:
            document["legislationResponsible"] = {"@type": "Person", "name": self.signer}
        if self.status in self.LEGAL_FORCE:
            document["legislationLegalForce"] = self.LEGAL_FORCE[self.status]
        return [document]

    @property
    def in_force_from(self):
        return self.effective_date or self.issued_date

    def status_on(self, day):
        if self.in_force_from and day < self.in_force_from:
            return DocumentStatus.NOT_YET
        if self.expiry_date and day >= self.expiry_date:
            return DocumentStatus.EXPIRED
        return DocumentStatus.IN_FORCE

    @property
    def status(self):
        """Còn hiệu lực / hết hiệu lực / chưa có hiệu lực, today."""
        return self.status_on(timezone.localdate())

    @property
    def status_label(self):
        return DocumentStatus(self.status).label

    @staticmethod
    def filter_status(queryset, status, day=None):
        """The documents of `queryset` with this status on `day` (today), the same rule as `status_on`."""
        day = day or timezone.localdate()
        queryset = queryset.alias(in_force_from=Coalesce("effective_date", "issued_date"))
        if status == DocumentStatus.NOT_YET:
            return queryset.filter(in_force_from__gt=day)
        started = queryset.filter(in_force_from__lte=day)
        if status == DocumentStatus.EXPIRED:
            return started.filter(expiry_date__lte=day)
        return started.filter(Q(expiry_date__isnull=True) | Q(expiry_date__gt=day))

    @staticmethod
    def _visible(pages):
        """The live, public ones among related pages, in the current language, newest first."""
        pks = [page.pk for page in pages]
        visible = exclude_withdrawn(PolicyPage.objects.filter(pk__in=pks).live().public())
        visible = visible.order_by("-issued_date", "-pk")
        return [page.localized for page in visible]

    def visible_replaces(self):
        return self._visible(self.replaces.all())

    def visible_replaced_by(self):
        return self._visible(self.replaced_by.all()) if self.pk else []

    def visible_related(self):
        reverse = list(self.related_from.all()) if self.pk else []
        return self._visible([*self.related_documents.all(), *reverse])

    def clean(self):
        super().clean()
        # The normalised number when it can be read; when not, document_errors() says why.
        self.document_number = number_fields(self.document_number).get("document_number", self.document_number)
        errors = document_errors(
            self.document_number, self.document_type, self.issued_date, self.effective_date, self.expiry_date
        )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        for name, value in number_fields(self.document_number).items():
            setattr(self, name, value)
        return super().save(*args, **kwargs)

    @classmethod
    def resolve_numbers(cls, numbers, language_code, warnings):
        """The existing documents with these numbers; a number not (yet) in the archive is a warning."""
        if isinstance(numbers, str):
            numbers = [numbers]
        found = []
        for raw in numbers:
            try:
                number = parse_document_number(raw).normalised
            except DocumentNumberError as error:
                warnings.append(str(error))
                continue
            pages = cls.objects.filter(document_number=number, locale__language_code=language_code)
            page = pages.order_by("pk").first()
            if page is None:
                warnings.append(
                    gettext("Replaced document %(number)s is not in the archive yet: link it later.")
                    % {"number": number}
                )
            else:
                found.append(page)
        return found


class PolicyFile(Orderable):
    """An official file of the document: the signed scan, the text, an appendix."""

    page = ParentalKey(PolicyPage, related_name="files", on_delete=models.CASCADE)
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Signed text, Appendix I. The file title is used when empty."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("official file")
        verbose_name_plural = _("official files")

    def __str__(self):
        return self.title or self.document.title
