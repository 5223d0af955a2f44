"""What search does when its inputs change: the synonym list is read again, and cached searches are forgotten
when synonyms, promotions or the text extracted from a document (documents/) change, which change results
without a publication."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion

from documents.models import DocumentText
from search.cache import bump
from search.models import Synonym
from search.synonyms import forget_synonyms


def connect():
    for signal in (post_save, post_delete):
        signal.connect(forget_synonyms, sender=Synonym, dispatch_uid=f"search_synonyms_{signal is post_save}")
        for model in (Synonym, SearchPromotion, DocumentText):
            signal.connect(bump, sender=model, dispatch_uid=f"search_cache_{model.__name__}_{signal is post_save}")
