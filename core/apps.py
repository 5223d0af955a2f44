from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel every other app builds on: base pages, page families, routing, caching, import,
    change notes, bootstrap and backup (docs/architecture.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        from core import admin_dates  # Wagtail's admin widgets need the apps loaded

        admin_dates.register()
