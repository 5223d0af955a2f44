from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan"
    verbose_name = _("Communications plan")

    def ready(self):
        from plan import signals  # models are importable only once the apps are ready

        signals.connect()
