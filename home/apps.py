from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("School identity and home page")

    def ready(self):
        from home import cache, signals  # noqa: F401  (cache registers its before_serve_page hook)

        signals.connect()
        checks.register(cache.check_stamp_file)
