"""The models moved here from `editorial` keep their tables (`db_table`) and their content types (renamed by
editorial 0005): this migration only tells Django's state that they now belong to `disclosure`."""

import django.db.models.deletion
import home.validators
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("editorial", "0004_heartbeat"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DisclosureReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="day")),
                        ("item_count", models.PositiveIntegerField(verbose_name="items")),
                        ("recipients", models.TextField(verbose_name="recipients")),
                        ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "disclosure reminder",
                        "verbose_name_plural": "disclosure reminders",
                        "db_table": "editorial_disclosurereminder",
                        "ordering": ["-day"],
                    },
                ),
                migrations.CreateModel(
                    name="WorkScheduleEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(db_index=True, verbose_name="day")),
                        ("start_time", models.TimeField(verbose_name="start time")),
                        ("end_time", models.TimeField(blank=True, null=True, verbose_name="end time")),
                        ("content", models.TextField(verbose_name="content")),
                        (
                            "participants",
                            models.TextField(
                                blank=True, help_text="Thành phần: who attends.", verbose_name="participants"
                            ),
                        ),
                        ("venue", models.CharField(blank=True, max_length=255, verbose_name="venue")),
                        (
                            "chair",
                            models.CharField(
                                blank=True, help_text="Người chủ trì.", max_length=255, verbose_name="chair"
                            ),
                        ),
                        (
                            "staff_only",
                            models.BooleanField(
                                default=False,
                                help_text="Shown only to the school's staff when signed in; never to the public.",
                                verbose_name="staff only",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                    ],
                    options={
                        "verbose_name": "work schedule entry",
                        "verbose_name_plural": "work schedule entries",
                        "db_table": "editorial_workscheduleentry",
                        "ordering": ["day", "start_time", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DisclosureIndexPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(
                                blank=True,
                                help_text="One or two sentences shown in listings, search results and when shared on Facebook.",
                                verbose_name="summary",
                            ),
                        ),
                        ("intro", models.TextField(blank=True, verbose_name="introduction")),
                        (
                            "social_image",
                            models.ForeignKey(
                                blank=True,
                                help_text="Image shown when the page is shared on Facebook; the lead image is used when empty.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="sharing image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "public disclosure index",
                        "verbose_name_plural": "public disclosure indexes",
                        "db_table": "editorial_disclosureindexpage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="DisclosureItemPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(
                                blank=True,
                                help_text="One or two sentences shown in listings, search results and when shared on Facebook.",
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("general", "General information"),
                                    ("quality", "Conditions ensuring the quality of education"),
                                    ("plan-results", "Education plan and results of the school year"),
                                    ("finance", "Income and expenditure"),
                                ],
                                max_length=20,
                                verbose_name="category",
                            ),
                        ),
                        (
                            "topic",
                            models.CharField(
                                choices=[
                                    (
                                        "General information",
                                        [
                                            ("identity", "Name, addresses, phone, e-mail and website"),
                                            ("type-and-governance", "Type of school and managing body"),
                                            ("mission", "Mission, vision and goals"),
                                            ("history", "Summary history"),
                                            ("annual-report", "Annual report"),
                                            ("general-other", "Other general information"),
                                        ],
                                    ),
                                    (
                                        "Conditions ensuring the quality of education",
                                        [
                                            ("staff", "Teachers, managers and staff by position and qualification"),
                                            ("facilities", "Land, classrooms, facilities and equipment"),
                                            (
                                                "accreditation",
                                                "Quality accreditation and national standard recognition",
                                            ),
                                            ("quality-other", "Other quality conditions"),
                                        ],
                                    ),
                                    (
                                        "Education plan and results of the school year",
                                        [
                                            ("enrolment-plan", "Enrolment plan"),
                                            ("education-plan", "Education plan of the school year"),
                                            ("family-coordination", "Rules for working with families and society"),
                                            ("support-programmes", "Support programmes for students"),
                                            ("menu", "Daily menu"),
                                            ("previous-year-results", "Results of the previous school year"),
                                            ("plan-other", "Other plans and results"),
                                        ],
                                    ),
                                    (
                                        "Income and expenditure",
                                        [
                                            ("revenues", "Fees and other revenues"),
                                            ("budget", "Budget estimate and settlement"),
                                            ("finance-other", "Other income and expenditure"),
                                        ],
                                    ),
                                ],
                                max_length=40,
                                verbose_name="item",
                            ),
                        ),
                        (
                            "school_year",
                            models.CharField(
                                help_text="For example 2024-2025.",
                                max_length=9,
                                validators=[home.validators.validate_school_year],
                                verbose_name="school year",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                choices=[
                                    ("annual", "Annual: by 30 June of the school year"),
                                    ("change", "Change: within 10 working days of the change"),
                                ],
                                default="annual",
                                max_length=10,
                                verbose_name="deadline rule",
                            ),
                        ),
                        (
                            "changed_on",
                            models.DateField(
                                blank=True,
                                help_text="For a change: the day it happened or official information became available.",
                                null=True,
                                verbose_name="date of the change",
                            ),
                        ),
                        (
                            "due_date",
                            models.DateField(
                                blank=True, db_index=True, editable=False, null=True, verbose_name="disclosure deadline"
                            ),
                        ),
                        (
                            "disclosed_on",
                            models.DateField(
                                blank=True,
                                help_text="Leave empty: the day the page is first published.",
                                null=True,
                                verbose_name="disclosed on",
                            ),
                        ),
                        (
                            "body",
                            wagtail.fields.StreamField(
                                [
                                    ("paragraph", 0),
                                    ("image", 4),
                                    ("gallery", 5),
                                    ("embed", 6),
                                    ("document", 9),
                                    ("quote", 12),
                                    ("table", 13),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "features": [
                                                "h2",
                                                "h3",
                                                "h4",
                                                "bold",
                                                "italic",
                                                "ol",
                                                "ul",
                                                "link",
                                                "document-link",
                                                "hr",
                                                "blockquote",
                                            ],
                                            "label": "Rich text",
                                        },
                                    ),
                                    1: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                                    2: ("wagtail.blocks.CharBlock", (), {"label": "Caption", "required": False}),
                                    3: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {
                                            "help_text": "Describe the image for readers who cannot see it. Leave empty to use the image title.",
                                            "label": "Alternative text",
                                            "required": False,
                                        },
                                    ),
                                    4: (
                                        "wagtail.blocks.StructBlock",
                                        [[("image", 1), ("caption", 2), ("alt_text", 3)]],
                                        {},
                                    ),
                                    5: ("home.blocks.GalleryBlock", (), {}),
                                    6: (
                                        "wagtail.embeds.blocks.EmbedBlock",
                                        (),
                                        {"icon": "media", "label": "Video or post (YouTube, Facebook)"},
                                    ),
                                    7: ("wagtail.documents.blocks.DocumentChooserBlock", (), {"label": "Document"}),
                                    8: ("wagtail.blocks.CharBlock", (), {"label": "Link text", "required": False}),
                                    9: ("wagtail.blocks.StructBlock", [[("document", 7), ("title", 8)]], {}),
                                    10: ("wagtail.blocks.TextBlock", (), {"label": "Quotation"}),
                                    11: ("wagtail.blocks.CharBlock", (), {"label": "Attribution", "required": False}),
                                    12: ("wagtail.blocks.StructBlock", [[("text", 10), ("attribution", 11)]], {}),
                                    13: ("wagtail.contrib.table_block.blocks.TableBlock", (), {"label": "Table"}),
                                },
                                verbose_name="body",
                            ),
                        ),
                        (
                            "report",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="wagtaildocs.document",
                                verbose_name="report (PDF)",
                            ),
                        ),
                        (
                            "social_image",
                            models.ForeignKey(
                                blank=True,
                                help_text="Image shown when the page is shared on Facebook; the lead image is used when empty.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="sharing image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "public disclosure item",
                        "verbose_name_plural": "public disclosure items",
                        "db_table": "editorial_disclosureitempage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="RetentionOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("page_title", models.CharField(max_length=255, verbose_name="page title")),
                        (
                            "action",
                            models.CharField(
                                choices=[("delete", "Deletion"), ("unpublish", "Unpublication")],
                                max_length=10,
                                verbose_name="removal",
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="reason")),
                        ("disclosed_on", models.DateField(null=True, verbose_name="disclosed on")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="recorded at")),
                        (
                            "page",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="page",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "retention override",
                        "verbose_name_plural": "retention overrides",
                        "db_table": "editorial_retentionoverride",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="WorkSchedulePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(
                                blank=True,
                                help_text="One or two sentences shown in listings, search results and when shared on Facebook.",
                                verbose_name="summary",
                            ),
                        ),
                        ("intro", models.TextField(blank=True, verbose_name="introduction")),
                        (
                            "social_image",
                            models.ForeignKey(
                                blank=True,
                                help_text="Image shown when the page is shared on Facebook; the lead image is used when empty.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailimages.image",
                                verbose_name="sharing image",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "work schedule page",
                        "verbose_name_plural": "work schedule pages",
                        "db_table": "editorial_workschedulepage",
                    },
                    bases=("wagtailcore.page",),
                ),
            ],
        ),
    ]
