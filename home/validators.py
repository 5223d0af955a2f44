"""Validators shared by several page families."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def is_school_year(value):
    """True for a school year written "YYYY-YYYY" with consecutive years, e.g. "2024-2025"."""
    match = SCHOOL_YEAR_RE.match(str(value or ""))
    return bool(match) and 1900 < int(match.group(1)) < 2200 and int(match.group(2)) == int(match.group(1)) + 1


def validate_school_year(value):
    if value and not is_school_year(value):
        raise ValidationError(
            _("Write the school year as two consecutive years, e.g. 2024-2025 (not “%(value)s”)."),
            code="school_year",
            params={"value": value},
        )
