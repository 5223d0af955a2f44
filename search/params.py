"""The search's parameters: the query string of the search page and of GET /api/search/, validated.

The result types are the page families' keys (core.families) plus attached files and other pages; each
family facet (news section, document type, issuer…) is a filter of the same name.
"""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search.facets import families, filter_lengths

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
SORTS = [("relevance", gettext_lazy("Most relevant")), ("newest", gettext_lazy("Newest first"))]


def type_labels():
    """{result type: display name}: the page families, then attached files and the other pages."""
    labels = {family.key: family.label for family, _model in families()}
    labels["document"] = gettext_lazy("Attached files")
    labels["page"] = gettext_lazy("Other pages")
    return labels


def filter_names():
    """The filters of a search, in the order they are shown and passed on in links."""
    return ["type", "year", *filter_lengths(), "from", "to"]


class SearchParamsForm(forms.Form):
    """The query string of the search page and of GET /api/search/."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    type = forms.ChoiceField(required=False)
    year = forms.RegexField(required=False, regex=r"^(19|20|21)\d\d(-(19|20|21)\d\d)?$", max_length=9)
    sort = forms.ChoiceField(required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)
    locale = forms.ChoiceField(required=False, choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "")] + [(key, key) for key in type_labels()]
        # The families' facets, and "from", a Python keyword: added by name.
        for name, length in filter_lengths().items():
            self.fields[name] = forms.CharField(required=False, max_length=length)
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        self.fields["to"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
        # Validated (and their errors listed) in this order: the words, the filters, the sort and the page.
        order = ["q", "type", "year", *filter_lengths(), "sort", "page", "page_size", "locale", "from", "to"]
        self.fields = {name: self.fields[name] for name in order}
        self._set_messages()

    def _set_messages(self):
        self.fields["q"].error_messages["max_length"] = _(
            "The search text is too long: use at most %(limit_value)d characters."
        )
        for name in ("from", "to"):
            self.fields[name].error_messages["invalid"] = _("Write dates as YYYY-MM-DD, for example 2024-09-05.")
        self.fields["year"].error_messages["invalid"] = _("Write a year as 2024 or a school year as 2024-2025.")
        self.fields["page"].error_messages.update(
            {
                "invalid": _("The page number must be a whole number."),
                "min_value": _("The page number must be 1 or more."),
                "max_value": _("The page number is too large."),
            }
        )
        self.fields["page_size"].error_messages.update(
            {
                "invalid": _("The page size must be a whole number."),
                "min_value": _("The page size must be between 1 and %(limit)d.") % {"limit": MAX_PAGE_SIZE},
                "max_value": _("The page size must be between 1 and %(limit)d.") % {"limit": MAX_PAGE_SIZE},
            }
        )
        self.fields["type"].error_messages["invalid_choice"] = _("Unknown result type: %(value)s.")
        self.fields["sort"].error_messages["invalid_choice"] = _("Sort by “relevance” or “newest”.")
        self.fields["locale"].error_messages["invalid_choice"] = _("Unknown language: %(value)s.")

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def form_errors(form):
    messages = []
    for errors in form.errors.values():
        messages.extend(str(error) for error in errors)
    return messages


def chosen_filters(data):
    """The filters set in the form's cleaned `data`: {name: value}."""
    filters = {name: data.get(name) for name in filter_names()}
    return {name: value for name, value in filters.items() if value not in (None, "")}


def shown_filters(filters, data):
    """The filters as the page and its links carry them (dates as text), with the sort order."""
    shown = {name: value.isoformat() if isinstance(value, datetime.date) else value for name, value in filters.items()}
    if data.get("sort"):
        shown["sort"] = data["sort"]
    return shown
