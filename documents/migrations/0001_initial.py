"""`DocumentText` moved here from `search` keeps its table (`db_table`) and its content type (renamed by search
0003): this migration only tells Django's state that it now belongs to `documents`."""

import django.db.models.deletion
import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("search", "0002_synonyms_queries_document_text"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentText",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("extracted_at", models.DateTimeField(auto_now=True, verbose_name="extracted")),
                        (
                            "document",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="search_text",
                                to="wagtaildocs.document",
                                verbose_name="document",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document text",
                        "verbose_name_plural": "document texts",
                        "db_table": "search_documenttext",
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
        ),
    ]
