"""A new or replaced document has its text extracted once the upload is committed."""

from django.db.models.signals import post_save
from wagtail.documents import get_document_model

from documents.extraction import schedule_extraction


def connect():
    post_save.connect(schedule_extraction, sender=get_document_model(), dispatch_uid="search_document_text")
