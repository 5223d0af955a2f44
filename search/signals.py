"""What search does when its inputs change: the synonym list is read again, and cached searches are forgotten
when synonyms, promotions or the text extracted from a document (documents/) change, which change results
without a publication. A view restriction added, changed or removed re-indexes its page and the pages under
it: an engine filters on the restriction each page carries (search.stored)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction

from documents.models import DocumentText
from search.cache import bump
from search.models import Synonym
from search.synonyms import forget_synonyms


def reindex_restricted_subtree(instance, **kwargs):
    """A view restriction changed: its page and every page under it carry another restriction now."""
    if kwargs.get("raw") or kwargs.get("action", "post_add") not in ("post_add", "post_remove", "post_clear"):
        return
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    subtree = Page.objects.descendant_of(page, inclusive=True).values_list(
        "pk", "content_type__app_label", "content_type__model"
    )

    def enqueue():
        for pk, app_label, model_name in subtree:
            insert_or_update_object_task.enqueue(app_label, model_name, str(pk))

    transaction.on_commit(enqueue)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(
            reindex_restricted_subtree,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{signal is post_save}",
        )
    m2m_changed.connect(
        reindex_restricted_subtree, sender=PageViewRestriction.groups.through, dispatch_uid="search_restriction_groups"
    )
    for signal in (post_save, post_delete):
        signal.connect(forget_synonyms, sender=Synonym, dispatch_uid=f"search_synonyms_{signal is post_save}")
        for model in (Synonym, SearchPromotion, DocumentText):
            signal.connect(bump, sender=model, dispatch_uid=f"search_cache_{model.__name__}_{signal is post_save}")
