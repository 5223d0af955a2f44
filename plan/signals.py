"""The signals of plan/, connected by `PlanConfig.ready()`: publishing a page completes its planned items."""

from wagtail.signals import page_published

from plan.models import fulfil_planned_items


def connect():
    page_published.connect(fulfil_planned_items, dispatch_uid="plan.models.fulfil_planned_items")
