"""The signals of disclosure/, connected by `DisclosureConfig.ready()`: the public week view of the work schedule
is purged from the page cache when an entry changes."""

from django.db.models.signals import post_delete, post_save

from disclosure.schedule import WorkScheduleEntry, purge_schedule_pages


def connect():
    post_save.connect(purge_schedule_pages, sender=WorkScheduleEntry, dispatch_uid="disclosure.schedule.purge_save")
    post_delete.connect(purge_schedule_pages, sender=WorkScheduleEntry, dispatch_uid="disclosure.schedule.purge_delete")
