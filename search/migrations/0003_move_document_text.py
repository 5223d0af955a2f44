"""The text extracted from documents leaves `search` for the app `documents`. Its table stays where it is (the model
keeps `db_table`), so only Django's state changes; its content type is renamed, not recreated, so that the database
search backend's index rows (`modelsearch.IndexEntry.content_type`) and any permission given on it keep pointing at
it: documents are still found by their text without extracting or indexing them again.

An engine (OpenSearch, Elasticsearch) names its index and documents after the model's app: run `update_index`
once after this migration (docs/document-text.md)."""

from django.db import migrations

MOVED = {"documents": ["documenttext"]}


def move_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for app_label, models in MOVED.items():
        old, new = ("search", app_label) if forward else (app_label, "search")
        for model in models:
            moving = types.filter(app_label=old, model=model).first()
            if moving is None:
                continue  # a new database: the content type is made after migrate, under the new app
            # A partial migrate (`migrate documents` alone) may have made one already under the new name: the old
            # one carries the index rows and permissions, so it wins.
            types.filter(app_label=new, model=model).delete()
            moving.app_label = new
            moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0002_synonyms_queries_document_text"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DocumentText"),
            ],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
