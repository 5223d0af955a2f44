from django.apps import AppConfig
from django.db import models
from django.utils.translation import gettext_lazy as _


def register_slug_input():
    """Every slug field in the admin folds Vietnamese to ASCII as the editor types (home/slugs.py).
    Registered after Wagtail's own SlugInput override, which it replaces."""
    # Imported here: Wagtail's admin forms and our widget need the apps to be ready.
    from wagtail.admin.forms.models import register_form_field_override

    from home.slugs import VietnameseSlugInput  # as above: the widget subclasses an admin widget

    register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("School identity and home page")

    def ready(self):
        # Models are importable only once the apps are ready; cache registers its before_serve_page hook.
        from home import cache, signals  # noqa: F401

        signals.connect()
        register_slug_input()
