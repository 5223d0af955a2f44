"""`QueryRecord` moved here from `search` keeps its table (`db_table`) and its content type (renamed by search
0004): this migration only tells Django's state that it now belongs to `search_analytics`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("search", "0003_move_document_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="QueryRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("query", models.CharField(db_index=True, max_length=200, verbose_name="query")),
                        ("locale", models.CharField(max_length=8, verbose_name="language")),
                        ("result_count", models.PositiveIntegerField(verbose_name="results")),
                        ("result_type", models.CharField(blank=True, max_length=16, verbose_name="type filter")),
                        ("backend", models.CharField(max_length=16, verbose_name="answered by")),
                        ("clicks", models.PositiveIntegerField(default=0, verbose_name="clicks")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="time"),
                        ),
                    ],
                    options={
                        "verbose_name": "search query",
                        "verbose_name_plural": "search queries",
                        "ordering": ["-created_at"],
                        "db_table": "search_queryrecord",
                    },
                ),
            ],
        ),
    ]
