"""`manage.py bootstrap_site [--demo]`: the locales, page tree, groups and permissions (core/bootstrap.py);
with --demo, the demo accounts and every app's demo content (core/demo.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.bootstrap import bootstrap
from core.demo import create_demo_content


class Command(BaseCommand):
    help = "Create (or complete) the locales, page tree, groups and permissions; --demo adds demo content."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Add Vietnamese demo content and demo accounts.")

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        home, home_en = bootstrap()
        self.stdout.write(self.style.SUCCESS(f"Site ready: {home.url_path} (vi), {home_en.url_path} (en)"))
        if demo:
            accounts = create_demo_content(home, home_en)
            self.stdout.write(self.style.SUCCESS("Demo content ready."))
            for username, password, group in accounts:
                self.stdout.write(f"  login: {username} / {password}  ({group})")
