from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from editorial import audit  # needs the models, which are not loaded when apps.py is imported

        audit.connect()
        # wagtail-localize's "submit translations" permission has no model behind it, so a database flush
        # (restore, transactional tests) loses it; recreate it whenever Django recreates permissions.
        post_migrate.connect(recreate_submit_translation_permission, sender=self)


def recreate_submit_translation_permission(using="default", **kwargs):
    """The upstream workaround in editorial/upstream.py, imported when the receiver runs: importing it in
    ready() would load Wagtail's and wagtail-localize's admin hooks before the project's own."""
    from editorial import upstream  # as above: upstream imports the models and the admin hooks

    upstream.recreate_submit_translation_permission(using, **kwargs)
