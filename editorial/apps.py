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
    from editorial.setup import submit_translation_permission  # as above: setup imports the models

    submit_translation_permission(using)
