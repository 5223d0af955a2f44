from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The yearly communications report: sections contributed by the apps that own the data through the
    Wagtail hook "site_lak_report_sections" (docs/communications-report.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Communications report")
