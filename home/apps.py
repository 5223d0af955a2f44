from django.apps import AppConfig
from django.core.management import call_command
from django.db import models
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using="default", **kwargs):
    """The database cache table (the embedded default of the shared cache, site_lak/env.py) is made by every
    `migrate`: make run, make serve, the release step, CI and each test database. It does nothing when the
    table exists or `CACHE_URL` names Redis."""
    call_command("createcachetable", database=using, verbosity=0)


def register_slug_input():
    """Every slug field in the admin folds Vietnamese to ASCII as the editor types (home/slugs.py).
    Registered after Wagtail's own SlugInput override, which it replaces."""
    # Imported here: Wagtail's admin forms and our widget need the apps to be ready.
    from wagtail.admin.forms.models import register_form_field_override

    from home.slugs import VietnameseSlugInput

    register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("School identity and home page")

    def ready(self):
        from home import cache, signals  # noqa: F401  (cache registers its before_serve_page hook)

        signals.connect()
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="home.create_cache_table")
        register_slug_input()
