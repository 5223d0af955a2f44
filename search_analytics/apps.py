from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchAnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search_analytics"
    verbose_name = _("Search analytics")

    def ready(self):
        from search_analytics import signals  # models are importable only once the apps are ready

        signals.connect()
