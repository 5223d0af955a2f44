"""Text inside attached Vietnamese PDFs and DOCX files is found by every word, with or without diacritics,
on the database backend (the same on OpenSearch: tests/services/test_search_engine.py).

tests/data/hoc-bong.pdf is Chromium's print-to-PDF of tests/data/hoc-bong.txt in Liberation Sans
(tests/data/make_vietnamese_pdf.py): the kind of file pypdf's default extraction read as "h ọ c b ổ ng".
"""

import io
import unicodedata
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from core.vietnamese import clean_query, fold, normalise
from documents.extraction import extract_text
from documents.models import DocumentText
from site_lak import env
from tests.search.test_search import make_docx

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
TEXT = (DATA / "hoc-bong.txt").read_text(encoding="utf-8")


def words(text):
    """The distinct words of a text as a visitor would type them (lower case, no punctuation)."""
    return sorted(set(clean_query(text, max_length=10_000).lower().split()))


def upload(title, name, data, capture):
    with capture(execute=True):  # the extraction task is enqueued on commit and runs immediately in tests
        return get_document_model().objects.create(title=title, file=ContentFile(data, name=name))


def found_by(client, query, document):
    """Whether the site's search (the JSON API, run_search as the search page) lists the document; its
    title shares no word with the text, so only the extracted text can match."""
    response = client.get("/api/search/", {"q": query, "type": "document", "page_size": 50})
    assert response.status_code == 200, response.content
    return document.title in [result["title"] for result in response.json()["results"]]


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(env.DATABASE_SEARCH_BACKEND)}


def test_the_pdf_text_has_every_word_whole():
    document = get_document_model()(title="Học bổng", file=ContentFile((DATA / "hoc-bong.pdf").read_bytes(), "hb.pdf"))
    extracted = extract_text(document)
    assert unicodedata.is_normalized("NFC", extracted)
    assert "học bổng khuyến khích học tập" in extracted
    assert [word for word in words(TEXT) if word not in words(extracted)] == []


def test_a_decomposed_docx_is_read_as_precomposed_text():
    """Unikey's "Unicode tổ hợp" and Word on macOS write NFD: the index gets the same text as NFC."""
    decomposed = unicodedata.normalize("NFD", "Đơn xin miễn giảm học phí")
    document = get_document_model()(title="Đơn", file=ContentFile(make_docx(decomposed), "don.docx"))
    assert extract_text(document) == "Đơn xin miễn giảm học phí"


def test_every_word_of_a_vietnamese_pdf_is_found_with_and_without_diacritics(
    client, site_tree, django_capture_on_commit_callbacks
):
    document = upload(
        "Tệp đính kèm 1", "thong-bao.pdf", (DATA / "hoc-bong.pdf").read_bytes(), django_capture_on_commit_callbacks
    )
    assert DocumentText.objects.get(document=document).text
    missed = [query for word in words(TEXT) for query in {word, fold(word)} if not found_by(client, query, document)]
    assert missed == []
    assert found_by(client, "học bổng khuyến khích", document)
    assert found_by(client, "hoc bong khuyen khich", document)


def test_every_word_of_a_vietnamese_docx_is_found_with_and_without_diacritics(
    client, site_tree, django_capture_on_commit_callbacks
):
    paragraphs = [unicodedata.normalize("NFD", part) for part in TEXT.split("\n\n")]
    document = upload("Tệp đính kèm 2", "bieu-mau.docx", make_docx(*paragraphs), django_capture_on_commit_callbacks)
    missed = [query for word in words(TEXT) for query in {word, fold(word)} if not found_by(client, query, document)]
    assert missed == []
    assert normalise(TEXT.split("\n\n")[1][:40]) in DocumentText.objects.get(document=document).text


def test_documents_uploaded_before_the_fix_are_read_again(client, site_tree, django_capture_on_commit_callbacks):
    document = upload(
        "Tệp đính kèm 3", "cu.pdf", (DATA / "hoc-bong.pdf").read_bytes(), django_capture_on_commit_callbacks
    )
    stored = DocumentText.objects.get(document=document)
    stored.text = "Thông báo xét h ọ c b ổ ng"  # as pypdf's default mode read it
    stored.save()
    assert not found_by(client, "học bổng", document)
    call_command("extract_document_texts", stdout=io.StringIO())
    assert found_by(client, "học bổng", document)
