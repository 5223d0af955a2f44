"""Text of uploaded documents (PDF, DOCX, TXT) for the search index.

Extraction runs as a background task (django-tasks, as Wagtail's own index updates do) after a document
is saved; the text is stored in `search.models.DocumentText`, which is indexed, so a search finds a
document by what is written inside it. A file that cannot be read gives no text, never an error.
"""

import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_CHARACTERS = 200_000


def _pdf_text(handle):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    parts = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARACTERS:
            break
    return "\n".join(parts)


def _docx_text(handle):
    from docx import Document

    document = Document(handle)
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
    """The text inside a Wagtail document's file, or "" when its type is not read or the file is unreadable."""
    from search.vietnamese import normalise

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
    from wagtail.documents import get_document_model

    from search.models import DocumentText

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    DocumentText.objects.update_or_create(document=document, defaults={"text": extract_text(document)})


def schedule_extraction(sender, instance, raw=False, **kwargs):
    if raw:  # loaded by `restore` (loaddata): the backup brings the text extracted then
        return
    transaction.on_commit(lambda: extract_document_text.enqueue(instance.pk))
