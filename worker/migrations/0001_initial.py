"""The models moved here from `editorial` keep their tables (`db_table`) and their content types (renamed by
editorial 0005): this migration only tells Django's state that they now belong to `worker`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("editorial", "0004_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Heartbeat",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=40, unique=True, verbose_name="name")),
                        ("holder", models.CharField(blank=True, max_length=100, verbose_name="written by")),
                        ("beat_at", models.DateTimeField(verbose_name="last beat")),
                    ],
                    options={
                        "verbose_name": "heartbeat",
                        "verbose_name_plural": "heartbeats",
                        "db_table": "editorial_heartbeat",
                    },
                ),
            ],
        ),
    ]
