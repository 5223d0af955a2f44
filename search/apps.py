from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Models (and modules that read them) can be imported only once the app registry is ready.
        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.documents import get_document_model

        from search.cache import bump
        from search.extraction import schedule_extraction
        from search.models import DocumentText, Synonym
        from search.synonyms import forget_synonyms

        post_save.connect(schedule_extraction, sender=get_document_model(), dispatch_uid="search_document_text")
        for signal in (post_save, post_delete):
            signal.connect(forget_synonyms, sender=Synonym, dispatch_uid=f"search_synonyms_{signal is post_save}")
            # What changes search results without a publication: cached searches are forgotten.
            for model in (Synonym, SearchPromotion, DocumentText):
                signal.connect(bump, sender=model, dispatch_uid=f"search_cache_{model.__name__}_{signal is post_save}")
