from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from wagtail.documents import get_document_model

        from search.extraction import schedule_extraction
        from search.models import Synonym
        from search.query import forget_synonyms

        post_save.connect(schedule_extraction, sender=get_document_model(), dispatch_uid="search_document_text")
        for signal in (post_save, post_delete):
            signal.connect(forget_synonyms, sender=Synonym, dispatch_uid=f"search_synonyms_{signal is post_save}")
