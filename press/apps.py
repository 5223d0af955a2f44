from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "press"
    verbose_name = _("Press")

    def ready(self):
        from press import signals  # models are importable only once the app registry is ready

        signals.connect()
