"""`manage.py extract_document_texts`: read the text of every uploaded document again.

Run it once after the extraction improves (as when PDFs began to be read in layout mode, which keeps
Vietnamese words whole), so files uploaded before are found by the same words as new ones. Each
document's text is replaced in `documents.DocumentText`, which updates the search index.
"""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from documents.extraction import extract_document_text


class Command(BaseCommand):
    help = "Extract the text of every uploaded document again, for the search index."

    def handle(self, *args, **options):
        ids = list(get_document_model().objects.order_by("pk").values_list("pk", flat=True))
        for document_id in ids:
            extract_document_text.call(document_id)
        self.stdout.write(f"{len(ids)} documents read")
