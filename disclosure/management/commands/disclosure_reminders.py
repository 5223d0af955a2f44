from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from disclosure.views import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the communications board and the principal's office the public-disclosure items due within "
        "14 days or overdue. Sends at most one e-mail a day, so it can run from cron as often as wanted."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            reminder = send_reminders()
        if reminder is None:
            self.stdout.write("No reminder sent (nothing due, nobody to tell, or already sent today).")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Reminder sent to {reminder.recipients}: {reminder.item_count} item(s).")
            )
