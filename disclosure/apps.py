from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disclosure"
    verbose_name = _("Public disclosure and work schedule")

    def ready(self):
        from disclosure import signals  # models are importable only once the apps are ready

        signals.connect()
