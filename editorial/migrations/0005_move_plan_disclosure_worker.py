"""The communications plan, public disclosure with the work schedule, and the worker's heartbeat leave `editorial`
for the apps `plan`, `disclosure` and `worker`. Their tables stay where they are (the models keep `db_table`), so
only Django's state changes; their content types are renamed, not recreated, so that pages of the moved page types
(the disclosure and schedule pages: `wagtailcore_page.content_type` points at them), revisions, log entries,
permissions given to groups and anything else holding a content type id keep working."""

from django.db import migrations

from core.migration_operations import rename_content_types

MOVED = {
    "plan": ["communicationplan", "contentareatarget", "calendarevent", "planneditem"],
    "disclosure": [
        "disclosureindexpage",
        "disclosureitempage",
        "retentionoverride",
        "disclosurereminder",
        "workscheduleentry",
        "workschedulepage",
    ],
    "worker": ["heartbeat"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("editorial", "0004_heartbeat"),
        ("plan", "0001_initial"),
        ("disclosure", "0001_initial"),
        ("worker", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="planneditem",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="contentareatarget",
                    name="plan",
                ),
                migrations.RemoveField(
                    model_name="contentareatarget",
                    name="owner_group",
                ),
                migrations.RemoveField(
                    model_name="contentareatarget",
                    name="owner_user",
                ),
                migrations.RemoveField(
                    model_name="disclosureindexpage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="disclosureindexpage",
                    name="social_image",
                ),
                migrations.RemoveField(
                    model_name="disclosureitempage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="disclosureitempage",
                    name="report",
                ),
                migrations.RemoveField(
                    model_name="disclosureitempage",
                    name="social_image",
                ),
                migrations.DeleteModel(
                    name="DisclosureReminder",
                ),
                migrations.DeleteModel(
                    name="Heartbeat",
                ),
                migrations.RemoveField(
                    model_name="planneditem",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="planneditem",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="retentionoverride",
                    name="page",
                ),
                migrations.RemoveField(
                    model_name="retentionoverride",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="WorkScheduleEntry",
                ),
                migrations.RemoveField(
                    model_name="workschedulepage",
                    name="page_ptr",
                ),
                migrations.RemoveField(
                    model_name="workschedulepage",
                    name="social_image",
                ),
                migrations.DeleteModel(
                    name="CalendarEvent",
                ),
                migrations.DeleteModel(
                    name="CommunicationPlan",
                ),
                migrations.DeleteModel(
                    name="ContentAreaTarget",
                ),
                migrations.DeleteModel(
                    name="DisclosureIndexPage",
                ),
                migrations.DeleteModel(
                    name="DisclosureItemPage",
                ),
                migrations.DeleteModel(
                    name="PlannedItem",
                ),
                migrations.DeleteModel(
                    name="RetentionOverride",
                ),
                migrations.DeleteModel(
                    name="WorkSchedulePage",
                ),
            ],
        ),
        rename_content_types("editorial", MOVED),
    ]
