"""The models moved here from `editorial` keep their tables (`db_table`) and their content types (renamed by
editorial 0005): this migration only tells Django's state that they now belong to `plan`."""

import django.db.models.deletion
import home.validators
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("editorial", "0004_heartbeat"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("title", models.CharField(max_length=255, verbose_name="title")),
                        (
                            "kind",
                            models.CharField(
                                choices=[("anniversary", "Anniversary"), ("school", "School event"), ("exam", "Exam")],
                                default="anniversary",
                                max_length=16,
                                verbose_name="type of day",
                            ),
                        ),
                        ("day", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="day")),
                        (
                            "month",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                choices=[
                                    (1, 1),
                                    (2, 2),
                                    (3, 3),
                                    (4, 4),
                                    (5, 5),
                                    (6, 6),
                                    (7, 7),
                                    (8, 8),
                                    (9, 9),
                                    (10, 10),
                                    (11, 11),
                                    (12, 12),
                                ],
                                null=True,
                                verbose_name="month",
                            ),
                        ),
                        ("date", models.DateField(blank=True, null=True, verbose_name="date (one-off event)")),
                        (
                            "content_area",
                            models.CharField(
                                choices=[
                                    ("policy", "Policies and directives"),
                                    ("traditions", "Traditions, history and anniversaries"),
                                    ("results", "Results of the school year"),
                                    ("competitions", "Competitions and exams"),
                                    ("summer", "Summer activities"),
                                    ("digital-transformation", "Administrative reform and digital transformation"),
                                    ("exemplary-people", "Exemplary people"),
                                    ("rebuttal", "Rebuttal of false information"),
                                    ("other", "Other"),
                                ],
                                default="traditions",
                                max_length=32,
                                verbose_name="content area",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                    ],
                    options={
                        "verbose_name": "anniversary or event",
                        "verbose_name_plural": "anniversaries and events",
                        "db_table": "editorial_calendarevent",
                        "ordering": ["month", "day", "date", "title"],
                    },
                ),
                migrations.CreateModel(
                    name="CommunicationPlan",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "school_year",
                            models.CharField(
                                help_text="Two consecutive years, e.g. 2024-2025. The year runs from 1 August to 31 July.",
                                max_length=9,
                                unique=True,
                                validators=[home.validators.validate_school_year],
                                verbose_name="school year",
                            ),
                        ),
                        ("title", models.CharField(max_length=255, verbose_name="title")),
                        (
                            "legal_basis",
                            models.TextField(
                                blank=True, help_text="One document per line.", verbose_name="legal basis"
                            ),
                        ),
                        (
                            "purposes",
                            models.TextField(blank=True, help_text="One purpose per line.", verbose_name="purposes"),
                        ),
                        (
                            "requirements",
                            models.TextField(
                                blank=True, help_text="One requirement per line.", verbose_name="requirements"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "communications plan",
                        "verbose_name_plural": "communications plans",
                        "db_table": "editorial_communicationplan",
                        "ordering": ["-school_year"],
                    },
                ),
                migrations.CreateModel(
                    name="ContentAreaTarget",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        (
                            "content_area",
                            models.CharField(
                                choices=[
                                    ("policy", "Policies and directives"),
                                    ("traditions", "Traditions, history and anniversaries"),
                                    ("results", "Results of the school year"),
                                    ("competitions", "Competitions and exams"),
                                    ("summer", "Summer activities"),
                                    ("digital-transformation", "Administrative reform and digital transformation"),
                                    ("exemplary-people", "Exemplary people"),
                                    ("rebuttal", "Rebuttal of false information"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                                verbose_name="content area",
                            ),
                        ),
                        (
                            "items_per_month",
                            models.PositiveSmallIntegerField(
                                default=1,
                                help_text="Published items, all channels together.",
                                verbose_name="at least … items a month",
                            ),
                        ),
                        (
                            "owner_group",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="auth.group",
                                verbose_name="responsible group",
                            ),
                        ),
                        (
                            "owner_user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="responsible person",
                            ),
                        ),
                        (
                            "plan",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="targets",
                                to="plan.communicationplan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "target per content area",
                        "verbose_name_plural": "targets per content area",
                        "db_table": "editorial_contentareatarget",
                        "ordering": ["sort_order"],
                        "abstract": False,
                        "constraints": [
                            models.UniqueConstraint(fields=("plan", "content_area"), name="one_target_per_area")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PlannedItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("topic", models.CharField(max_length=255, verbose_name="topic")),
                        (
                            "content_area",
                            models.CharField(
                                choices=[
                                    ("policy", "Policies and directives"),
                                    ("traditions", "Traditions, history and anniversaries"),
                                    ("results", "Results of the school year"),
                                    ("competitions", "Competitions and exams"),
                                    ("summer", "Summer activities"),
                                    ("digital-transformation", "Administrative reform and digital transformation"),
                                    ("exemplary-people", "Exemplary people"),
                                    ("rebuttal", "Rebuttal of false information"),
                                    ("other", "Other"),
                                ],
                                max_length=32,
                                verbose_name="content area",
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[("website", "Website"), ("facebook", "Facebook page"), ("press", "Press")],
                                default="website",
                                max_length=16,
                                verbose_name="publication channel",
                            ),
                        ),
                        ("due_date", models.DateField(verbose_name="due date")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in-progress", "In progress"),
                                    ("published", "Published"),
                                    ("dropped", "Dropped"),
                                ],
                                default="planned",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "published_on",
                            models.DateField(
                                blank=True,
                                help_text="Set automatically when the page is published; for Facebook and the press, today when empty.",
                                null=True,
                                verbose_name="published on",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="note")),
                        (
                            "event",
                            models.ForeignKey(
                                blank=True,
                                help_text="The day this item marks, if any: the dashboard then knows the day is taken care of.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="planned_items",
                                to="plan.calendarevent",
                                verbose_name="anniversary or event",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="responsible person",
                            ),
                        ),
                        (
                            "page",
                            models.ForeignKey(
                                blank=True,
                                help_text="For the website: the item is done when this page is published.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="page that fulfils it",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "planned item",
                        "verbose_name_plural": "planned items",
                        "db_table": "editorial_planneditem",
                        "ordering": ["due_date", "pk"],
                        "indexes": [
                            models.Index(fields=["status", "due_date"], name="editorial_p_status_934f5c_idx"),
                            models.Index(fields=["status", "published_on"], name="editorial_p_status_eb3117_idx"),
                        ],
                    },
                ),
            ],
        ),
    ]
