"""Dates typed in the admin stay within the years a school record can have (1900–2199).

A year such as 1 passes Django's date parsing, but a date-time that early cannot be converted to UTC when it
is saved (OverflowError: a 500 and the editor's form lost). Every model DateField and DateTimeField in a
Wagtail admin form (pages, snippets, viewsets, settings) gets these form fields through Wagtail's form-field
overrides, with the same widgets Wagtail registers for them (wagtail/admin/forms/models.py).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override

YEARS = (1900, 2199)


def check_year(value):
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(_("Choose dates between the years 1900 and 2199."), code="year_out_of_range")


class AdminDateField(forms.DateField):
    default_validators = [check_year]


class AdminDateTimeField(forms.DateTimeField):
    default_validators = [check_year]


def register():
    """Replaces Wagtail's own overrides (importing its module above registered those first)."""
    register_form_field_override(
        models.DateField, override={"widget": widgets.AdminDateInput, "form_class": AdminDateField}
    )
    register_form_field_override(
        models.DateTimeField, override={"widget": widgets.AdminDateTimeInput, "form_class": AdminDateTimeField}
    )
