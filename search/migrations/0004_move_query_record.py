"""The anonymous query log (`QueryRecord`) leaves `search` for the app `search_analytics`. Its table stays where it is
(the model keeps `db_table`), so only Django's state changes; its content type is renamed, not recreated, so that
any permission given on it keeps pointing at it and the report keeps every search already recorded."""

from django.db import migrations

from core.migration_operations import rename_content_types

MOVED = {"search_analytics": ["queryrecord"]}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("search", "0003_move_document_text"),
        ("search_analytics", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="QueryRecord"),
            ],
        ),
        rename_content_types("search", MOVED),
    ]
