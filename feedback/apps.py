from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from feedback import signals  # models are importable only once the apps are ready

        signals.connect()
