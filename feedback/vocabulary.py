"""The words of feedback and incident handling: categories, channels, statuses, severities, response targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Response targets in calendar days (not working days), per category; override with the
# FEEDBACK_RESPONSE_DAYS setting. The due date is the submission date plus this many days.
DEFAULT_RESPONSE_DAYS = {
    "question": 7,
    "suggestion": 10,
    "complaint": 5,
    "press": 2,
    "false-information": 1,
}


class Category(models.TextChoices):
    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    PRESS = "press", _("Press enquiry")
    FALSE_INFORMATION = "false-information", _("Report of false information")


class Channel(models.TextChoices):
    WEB = "web", _("Website form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    FACEBOOK = "facebook", _("Facebook")
    IN_PERSON = "in-person", _("In person")
    LETTER = "letter", _("Letter")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED)


def response_days(category):
    targets = {**DEFAULT_RESPONSE_DAYS, **settings.FEEDBACK_RESPONSE_DAYS}
    return targets.get(category, max(targets.values()))


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")


class BannerLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORING = "monitoring", _("Monitoring")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
