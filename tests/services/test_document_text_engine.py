"""Every word of a Vietnamese PDF and DOCX is found on OpenSearch, with and without diacritics (the
database backend: tests/documents/test_document_text.py)."""

import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from core.vietnamese import fold
from documents.models import DocumentText
from tests.documents.test_document_text import DATA, TEXT, found_by, words
from tests.search.test_search import make_docx

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_every_word_of_a_vietnamese_pdf_and_docx_is_found_on_the_engine(client, site_tree):
    call_command("update_index", verbosity=0)
    Document = get_document_model()  # noqa: N806
    pdf = Document.objects.create(
        title="Tệp đính kèm 1", file=ContentFile((DATA / "hoc-bong.pdf").read_bytes(), "hb.pdf")
    )
    decomposed = [unicodedata.normalize("NFD", part) for part in TEXT.split("\n\n")]
    docx = Document.objects.create(title="Tệp đính kèm 2", file=ContentFile(make_docx(*decomposed), "hb.docx"))
    assert DocumentText.objects.filter(document__in=[pdf, docx]).exclude(text="").count() == 2
    backend = get_search_backend()
    for model in (Document, DocumentText):
        backend.get_index_for_model(model).refresh()
    missed = [
        (document.file_extension, query)
        for document in (pdf, docx)
        for word in words(TEXT)
        for query in {word, fold(word)}
        if not found_by(client, query, document)
    ]
    assert missed == []
