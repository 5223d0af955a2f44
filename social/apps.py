from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = _("Facebook page")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: both need the models (and the page families) loaded.
        from social import signals
        from social.panels import attach_panels

        signals.connect()
        attach_panels()
