"""The report's period, chosen in the admin: a plan's school year, a school year (September to August) or two dates.

Bad input (unparsable dates, the end before the start, a range of more than five years, a year outside
1900–2199) is a form error with a Vietnamese message; the views answer it with a 400.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.validators import is_school_year, school_year_bounds, school_year_of
from plan.models import CommunicationPlan
from reports.sections import ReportPeriod

# The Vietnamese school year as the report counts it: from 1 September to 31 August.
SCHOOL_YEAR_FIRST_MONTH = 9
MAX_REPORT_DAYS = 5 * 366
YEAR_RANGE = (1900, 2199)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_MESSAGE = gettext_lazy("Write the date as day/month/year, e.g. 31/12/2024.")

PLAN, SCHOOL_YEAR, CUSTOM = "plan", "school-year", "custom"


def day_label(day):
    return f"{day.day}/{day.month}/{day.year}"


def range_label(start, end):
    return f"{day_label(start)} – {day_label(end)}"


def school_year_period(first_year):
    start = datetime.date(first_year, SCHOOL_YEAR_FIRST_MONTH, 1)
    end = datetime.date(first_year + 1, SCHOOL_YEAR_FIRST_MONTH, 1) - datetime.timedelta(days=1)
    year = f"{first_year}–{first_year + 1}"
    return ReportPeriod(
        start, end, _("School year %(year)s (%(range)s)") % {"year": year, "range": range_label(start, end)}
    )


def plan_period(plan):
    """The school year the plan covers, as the plan counts it (home.validators.school_year_bounds)."""
    start, next_start = school_year_bounds(plan.school_year)
    end = next_start - datetime.timedelta(days=1)
    year = plan.school_year.replace("-", "–")
    label = _("School year %(year)s of the plan (%(range)s)") % {"year": year, "range": range_label(start, end)}
    return ReportPeriod(start, end, label)


def current_plan(today=None):
    return CommunicationPlan.objects.filter(school_year=school_year_of(today or timezone.localdate())).first()


def default_period(today=None):
    """The current plan's period; without a plan for today, the current school year (September to August)."""
    today = today or timezone.localdate()
    plan = current_plan(today)
    if plan is not None:
        return plan_period(plan)
    return school_year_period(today.year if today.month >= SCHOOL_YEAR_FIRST_MONTH else today.year - 1)


class DayInput(forms.DateInput):
    """A browser date picker; what was typed is given back as ISO (31/12/2024 → 2024-12-31), and text that is no
    date is left out (an <input type="date"> may only hold a date; the error message says what was wrong)."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(str(value or "").strip(), date_format).date().isoformat()
            except ValueError:
                continue
        return None


def date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_MESSAGE},
        widget=DayInput(),
    )


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        choices=[
            (PLAN, gettext_lazy("The school year of a communications plan")),
            (SCHOOL_YEAR, gettext_lazy("A school year (September to August)")),
            (CUSTOM, gettext_lazy("From one date to another")),
        ],
        widget=forms.RadioSelect,
    )
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Communications plan"), queryset=CommunicationPlan.objects.none(), required=False
    )
    school_year = forms.CharField(
        label=gettext_lazy("School year"),
        required=False,
        max_length=9,
        widget=forms.TextInput(attrs={"placeholder": "2024-2025", "size": 10}),
    )
    start = date_field(gettext_lazy("From"))
    end = date_field(gettext_lazy("To"))
    number = forms.CharField(
        label=gettext_lazy("Document number"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Optional: the number given when the report is issued."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = CommunicationPlan.objects.order_by("-school_year")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kind = cleaned.get("period") or self.implied_kind(cleaned)
        cleaned["period"] = kind
        cleaned["report_period"] = {PLAN: self.for_plan, SCHOOL_YEAR: self.for_school_year, CUSTOM: self.for_dates}[
            kind
        ](cleaned)
        return cleaned

    @staticmethod
    def implied_kind(cleaned):
        if cleaned.get("start") or cleaned.get("end"):
            return CUSTOM
        return SCHOOL_YEAR if cleaned.get("school_year") else PLAN

    def for_plan(self, cleaned):
        if cleaned.get("plan") is None:
            return default_period()
        return plan_period(cleaned["plan"])

    def for_school_year(self, cleaned):
        value = cleaned.get("school_year", "").strip()
        if not is_school_year(value):
            raise forms.ValidationError(
                _("Write the school year as two consecutive years, e.g. 2024-2025 (not “%(value)s”).")
                % {"value": value}
            )
        return school_year_period(int(value[:4]))

    def for_dates(self, cleaned):
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            raise forms.ValidationError(_("Give both the first and the last day of the period."))
        if not all(YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1] for day in (start, end)):
            raise forms.ValidationError(_("Choose dates between the years 1900 and 2199."))
        if start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        if (end - start).days > MAX_REPORT_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return ReportPeriod(start, end, range_label(start, end))


def first_error(form):
    """The form's first message, for an answer without the form (a PDF or XLSX request)."""
    errors = list(form.non_field_errors()) or [error for field in form.errors.values() for error in field]
    return str(errors[0])
