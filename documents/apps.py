from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Document texts")

    def ready(self):
        from documents import signals  # models are importable only once the apps are ready

        signals.connect()
