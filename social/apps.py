from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = _("Facebook page")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from social import posting  # noqa: F401 (connects the page_published receiver)
        from social.panels import attach_panels

        attach_panels()
