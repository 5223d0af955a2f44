from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or complete) the locales, page tree, groups and permissions; --demo adds demo content."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Add Vietnamese demo content and demo accounts.")

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        from home.bootstrap import bootstrap

        home, home_en = bootstrap()
        self.stdout.write(self.style.SUCCESS(f"Site ready: {home.url_path} (vi), {home_en.url_path} (en)"))
        if demo:
            from home.demo import create_demo_content

            accounts = create_demo_content(home, home_en)
            self.stdout.write(self.style.SUCCESS("Demo content ready."))
            for username, password, group in accounts:
                self.stdout.write(f"  login: {username} / {password}  ({group})")
