"""The worker's model: heartbeats in the database (worker/heartbeat.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time something wrote its name here (one row per name, rewritten in place)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    holder = models.CharField(_("written by"), max_length=100, blank=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        db_table = "editorial_heartbeat"

    def __str__(self):
        return f"{self.name} ({self.holder}, {self.beat_at:%Y-%m-%d %H:%M:%S})"
