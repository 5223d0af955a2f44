"""What search does when its inputs change: text is extracted from a new or replaced document, the synonym
list is read again, and cached searches are forgotten when synonyms, promotions or extracted texts change
(they change results without a publication)."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model

from search.cache import bump
from search.extraction import schedule_extraction
from search.models import DocumentText, Synonym
from search.synonyms import forget_synonyms


def connect():
    post_save.connect(schedule_extraction, sender=get_document_model(), dispatch_uid="search_document_text")
    for signal in (post_save, post_delete):
        signal.connect(forget_synonyms, sender=Synonym, dispatch_uid=f"search_synonyms_{signal is post_save}")
        for model in (Synonym, SearchPromotion, DocumentText):
            signal.connect(bump, sender=model, dispatch_uid=f"search_cache_{model.__name__}_{signal is post_save}")
