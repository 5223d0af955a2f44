"""The archive import protocol (see `import_archive`).

A page type that the archive import can create declares:

    archive_type = "news"                     # the record's "type"
    @classmethod
    def archive_fields(cls, record, warnings) -> dict
        # validated model field values from one JSON record (title/slug/summary/locale/live are
        # handled by the importer); raise ArchiveRecordError("reason") to reject the line;
        # append human-readable strings to `warnings` for accepted-with-warning values.

The importer stays one generic loop over these declarations.
"""


class ArchiveRecordError(ValueError):
    """A record that cannot be imported; the message says why (shown with the line number)."""


def archive_page_types():
    """{archive_type: page model} for every page model that declares `archive_type`."""
    from wagtail.models import get_page_models

    return {model.archive_type: model for model in get_page_models() if getattr(model, "archive_type", None)}
