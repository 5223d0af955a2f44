"""The content areas of the communications plan: what news articles are filed under and what the plan's targets and
coverage report count (docs/communications-plan.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentArea(models.TextChoices):
    """The content areas of the communications plan (Kế hoạch truyền thông, section II)."""

    POLICY = "policy", _("Policies and directives")
    TRADITIONS = "traditions", _("Traditions, history and anniversaries")
    RESULTS = "results", _("Results of the school year")
    COMPETITIONS = "competitions", _("Competitions and exams")
    SUMMER = "summer", _("Summer activities")
    DIGITAL = "digital-transformation", _("Administrative reform and digital transformation")
    EXEMPLARY = "exemplary-people", _("Exemplary people")
    REBUTTAL = "rebuttal", _("Rebuttal of false information")
    OTHER = "other", _("Other")
