"""Archive records: one parsed line, its errors, and the helpers that read its values the same way for every
page family (messages included). A family's `Archive.fields` (core/families.py) uses them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.families import page_families
from home.validators import validate_school_year


class ArchiveRecordError(ValueError):
    """A record that cannot be imported; the message says why (shown with the line number)."""


def archive_page_types():
    """{record type: page model} for every page family that declares an `Archive` (core/families.py)."""
    return {key: model for key, model in page_families().items() if model.family.archive is not None}


# Keys every record may carry; the family's `Archive.fields` reads the rest.
COMMON_KEYS = frozenset({"type", "slug", "title", "summary", "body", "locale", "tags", "live"})


class ArchiveRecord(dict):
    """One parsed line; remembers which keys were read, so the importer can warn about the others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def pop(self, key, *default):
        self.read.add(key)
        return super().pop(key, *default)

    def common(self, key, default=None):
        """Read a key without marking it as read by the page type."""
        return dict.get(self, key, default)

    def _read_all(self):
        self.read.update(dict.keys(self))

    def keys(self):
        self._read_all()
        return super().keys()

    def items(self):
        self._read_all()
        return super().items()

    def values(self):
        self._read_all()
        return super().values()

    def __iter__(self):
        self._read_all()
        return super().__iter__()

    def unread_keys(self):
        return sorted(key for key in dict.keys(self) if key not in self.read and key not in COMMON_KEYS)


def missing(key):
    return gettext("The record has no “%(key)s”.") % {"key": key}


def archive_date(record, key, required=False):
    """A `YYYY-MM-DD` value as a date; None when absent and optional."""
    value = record.get(key)
    if value in (None, ""):
        if required:
            raise ArchiveRecordError(missing(key))
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        raise ArchiveRecordError(
            gettext("“%(key)s” must be a date written YYYY-MM-DD, not “%(value)s”.") % {"key": key, "value": value}
        ) from None


def archive_choice(record, key, choices, required=False):
    """A value that must be one of `choices`; None when absent and optional."""
    value = record.get(key)
    if value in (None, ""):
        if required:
            raise ArchiveRecordError(missing(key))
        return None
    if value not in choices:
        raise ArchiveRecordError(
            gettext("“%(value)s” is not a valid “%(key)s”: use %(choices)s.")
            % {"value": value, "key": key, "choices": ", ".join(map(str, choices))}
        )
    return value


def archive_school_year(record, key="school_year"):
    """A school year such as "2023-2024" from `record`, validated; raises ArchiveRecordError."""
    school_year = str(record.get(key) or "").strip()
    try:
        validate_school_year(school_year)
    except ValidationError as error:
        raise ArchiveRecordError(" ".join(error.messages)) from error
    return school_year


def validation_message(error):
    """A ValidationError as one line: "field: message; field: message"."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in error.message_dict.items())
    return " ".join(str(message) for message in error.messages)
