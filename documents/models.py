"""The text inside each uploaded document: what the rest of the site reads of this app (docs/document-text.md).

`DocumentText` is indexed; search (search/hits.py, search/snippets.py) finds a document by it and quotes it, and
`backup` keeps it. Its table is still `search_documenttext`, the name it had when search held it (moved by
search 0003 / documents 0001, docs/architecture.md "Moving a model to another app").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.search import index


class DocumentText(index.Indexed, models.Model):
    """The text inside an uploaded document (documents.extraction), indexed so that searches find it."""

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="search_text", verbose_name=_("document")
    )
    text = models.TextField(_("text"), blank=True)
    extracted_at = models.DateTimeField(_("extracted"), auto_now=True)

    search_fields = [index.SearchField("text"), index.FilterField("document")]

    class Meta:
        db_table = "search_documenttext"
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return str(self.document)
