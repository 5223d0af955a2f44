import datetime

from django.core.management.base import BaseCommand, CommandError

from plan.seed import rollover_plan


class Command(BaseCommand):
    help = (
        "Create the communications plan of the current school year (or of the school year of --date) by copying "
        "the latest earlier plan and its targets. Does nothing when that plan exists, so it can run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="A day of the school year to prepare (YYYY-MM-DD); default: today.")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        plan, created = rollover_plan(today)
        if plan is None:
            self.stdout.write("No earlier communications plan to copy: add one in the admin.")
        elif created:
            self.stdout.write(self.style.SUCCESS(f"Created {plan} with {plan.targets.count()} target(s)."))
        else:
            self.stdout.write(f"{plan} already exists: nothing to do.")
