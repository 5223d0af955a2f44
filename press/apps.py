from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "press"
    verbose_name = _("Press")

    def ready(self):
        from home.cache import purge_all  # home's models must be loaded first
        from press.register import AuthorisedSpeaker

        # The press page lists the authorised speakers: a change shows at once.
        def purge(sender, **kwargs):
            if not kwargs.get("raw"):
                purge_all()

        post_save.connect(purge, sender=AuthorisedSpeaker, dispatch_uid="press.speakers.saved", weak=False)
        post_delete.connect(purge, sender=AuthorisedSpeaker, dispatch_uid="press.speakers.deleted", weak=False)
