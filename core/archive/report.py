"""What an import did (`ImportResult`) and the summary `import_archive` prints (docs/archive-import.md)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_WARNINGS_SHOWN = 50


@dataclass
class ImportResult:
    lines: int = 0
    created: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # [(line number, reason)]
    warnings: list = field(default_factory=list)  # [(line number, message)]
    indexed: int = 0
    index_seconds: float = 0.0
    index_error: str = ""
    seconds: float = 0.0
    checkpoints: list = field(default_factory=list)  # elapsed seconds after every `checkpoint_every` records
    dry_run: bool = False


def write_report(write, style, file, result, verbose=False):
    """The summary of an import: counts, rejected lines, warnings (the first 50 unless `verbose`), times.
    `write` takes one line; `style` is a management command's style (ERROR, WARNING)."""
    heading = _("Dry run of %(file)s: nothing was saved.") if result.dry_run else _("Imported %(file)s.")
    write(heading % {"file": file})
    for label, count in (
        (_("Lines read"), result.lines),
        (_("Created"), result.created),
        (_("Updated"), result.updated),
        (_("Rejected"), len(result.rejected)),
        (_("Warnings"), len(result.warnings)),
    ):
        write(f"{label}: {count}")
    if result.rejected:
        write(style.ERROR(_("Rejected lines:")))
        for number, reason in result.rejected:
            write(_("  line %(number)d: %(reason)s") % {"number": number, "reason": reason})
    if result.warnings:
        write_warnings(write, style, result.warnings, verbose)
    rate = result.lines / result.seconds if result.seconds else 0
    if not result.dry_run:
        write(
            _("Search index: %(count)d page(s) indexed in %(seconds).1f s.")
            % {"count": result.indexed, "seconds": result.index_seconds}
        )
    write(_("Total: %(seconds).1f s (%(rate).1f records/s).") % {"seconds": result.seconds, "rate": rate})


def write_warnings(write, style, warnings, verbose):
    write(style.WARNING(_("Warnings:")))
    shown = warnings if verbose else warnings[:MAX_WARNINGS_SHOWN]  # the rejects are all listed
    for number, message in shown:
        write(_("  line %(number)d: %(reason)s") % {"number": number, "reason": message})
    if len(shown) < len(warnings):
        write(_("  … and %(count)d more (use -v 2 to list them all)") % {"count": len(warnings) - len(shown)})
