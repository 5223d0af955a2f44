from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = _("Facebook page")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the receivers need the models loaded.
        from social import signals
        from social.panels import attach_panels  # as above: it reads the page families from the loaded models

        signals.connect()
        attach_panels()
