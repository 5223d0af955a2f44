"""The text extracted from documents leaves `search` for the app `documents`. Its table stays where it is (the model
keeps `db_table`), so only Django's state changes; its content type is renamed, not recreated, so that the database
search backend's index rows (`modelsearch.IndexEntry.content_type`) and any permission given on it keep pointing at
it: documents are still found by their text without extracting or indexing them again.

An engine (OpenSearch, Elasticsearch) names its index and documents after the model's app: run `update_index`
once after this migration (docs/document-text.md)."""

from django.db import migrations

from core.migration_operations import rename_content_types

MOVED = {"documents": ["documenttext"]}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("search", "0002_synonyms_queries_document_text"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DocumentText"),
            ],
        ),
        rename_content_types("search", MOVED),
    ]
