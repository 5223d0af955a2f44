from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolEventsConfig(AppConfig):
    """Events and contests. The package is `school_events` (a top-level `events` package would shadow a library
    of that name); its label, in content types and URLs of the admin, is "events"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "school_events"
    label = "events"
    verbose_name = _("Events and contests")
