"""The press page lists the authorised speakers: saving or deleting one purges the page cache (docs/caching.md)."""

from django.db.models.signals import post_delete, post_save

from home.cache import purge_all
from press.register import AuthorisedSpeaker


def purge_on_speaker_change(sender, raw=False, **kwargs):
    if not raw:  # loaddata (restore): the cache is rebuilt afterwards anyway
        purge_all()


def connect():
    post_save.connect(purge_on_speaker_change, sender=AuthorisedSpeaker, dispatch_uid="press.speakers.saved")
    post_delete.connect(purge_on_speaker_change, sender=AuthorisedSpeaker, dispatch_uid="press.speakers.deleted")
