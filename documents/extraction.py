"""Text of uploaded documents (PDF, DOCX, TXT) for the search index.

Extraction runs as a background task (django-tasks, as Wagtail's own index updates do) after a document
is saved; the text is stored in `documents.models.DocumentText`, which is indexed, so a search finds a
document by what is written inside it. A file that cannot be read gives no text, never an error.
"""

import logging

from django.db import transaction
from django_tasks import task
from docx import Document as DocxDocument
from pypdf import PdfReader
from wagtail.documents import get_document_model

from core.vietnamese import normalise
from documents.models import DocumentText

logger = logging.getLogger(__name__)

MAX_CHARACTERS = 200_000


def _page_text(page):
    """A PDF page's text in layout mode, which places glyphs by their position on the page.

    The default mode puts a space wherever the next glyph does not start where the font's advance width
    says it should. Chromium, LibreOffice and Word position every Vietnamese letter with a diacritic
    separately in fonts such as Liberation or Arial, so it read "Trường" as "Tr ườ ng" and a search for
    "trường" missed the file. Layout mode reads such lines whole; should it fail on a page (an unusual
    font or matrix), the default mode still gives something to search.
    """
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode is younger than its default mode: never lose a page to it
        return page.extract_text() or ""


def _pdf_text(handle):
    reader = PdfReader(handle)
    parts = []
    size = 0
    for page in reader.pages:
        text = " ".join(_page_text(page).split())  # layout mode pads lines with spaces to their place
        parts.append(text)
        size += len(text)
        if size > MAX_CHARACTERS:
            break
    return "\n".join(parts)


def _docx_text(handle):
    document = DocxDocument(handle)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _plain_text(handle):
    data = handle.read(MAX_CHARACTERS * 4)
    for encoding in ("utf-8", "utf-16", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


READERS = {"pdf": _pdf_text, "docx": _docx_text, "txt": _plain_text}


def extract_text(document):
    """The text inside a Wagtail document's file, or "" when its type is not read or the file is unreadable.

    Normalised (NFC, one tone placement) like every indexed text: Word's "Unicode tổ hợp" (NFD) and
    a PDF's decomposed marks are found by the same words as precomposed text.
    """
    extension = (document.file_extension or "").lower()
    reader = READERS.get(extension)
    if reader is None or not document.file:
        return ""
    try:
        with document.file.open("rb") as handle:
            text = reader(handle)
    except Exception as error:  # a damaged or encrypted file is common in an archive: index it without text
        logger.warning("could not read the text of document %s: %s", document.pk, error.__class__.__name__)
        return ""
    return normalise(" ".join(text.split()))[:MAX_CHARACTERS]


@task()
def extract_document_text(document_id):

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    DocumentText.objects.update_or_create(document=document, defaults={"text": extract_text(document)})


def schedule_extraction(sender, instance, raw=False, **kwargs):
    if raw:  # loaded by `restore` (loaddata): the backup brings the text extracted then
        return
    transaction.on_commit(lambda: extract_document_text.enqueue(instance.pk))
