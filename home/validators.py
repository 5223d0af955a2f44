"""Validators shared by several page families."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
SCHOOL_YEAR_START_MONTH = 8  # a school year runs from August to July


def school_year_of(day):
    """The school year ("2024-2025") a date belongs to."""
    first = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{first}-{first + 1}"


def school_year_bounds(school_year):
    """The first day of the school year and the first day of the next one."""
    first = int(school_year[:4])
    return datetime.date(first, SCHOOL_YEAR_START_MONTH, 1), datetime.date(first + 1, SCHOOL_YEAR_START_MONTH, 1)


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
