"""The report as an XLSX workbook (openpyxl): a first sheet with the header, title, period and signature block,
then one sheet per section with its key figures, its tables and the figures behind its charts."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
ITALIC = Font(italic=True)
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
NAME_LENGTH = 31


def sheet_name(title, taken):
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = FORBIDDEN.sub(" ", title).strip()[:NAME_LENGTH] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: NAME_LENGTH - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def safe(value):
    """A text starting with = would run as a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith("=") else value


def append(sheet, values, font=None):
    sheet.append([safe(value) for value in values])
    if font is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = font


def cover_sheet(workbook, document, title):
    sheet = workbook.active
    sheet.title = title
    append(sheet, [document.governing_body, None, document.country], BOLD)
    append(sheet, [document.school_name, None, document.motto], BOLD)
    append(sheet, [document.number, None, document.date_line])
    append(sheet, [])
    append(sheet, [document.title], TITLE)
    append(sheet, [document.subtitle], BOLD)
    append(sheet, [document.period.label], ITALIC)
    append(sheet, [])
    for index, section in enumerate(document.sections, start=1):
        append(sheet, [index, section.title])
    append(sheet, [])
    append(sheet, [document.recipients_heading, None, document.signer_title], BOLD)
    for line in document.recipients:
        append(sheet, [f"- {line}"])
    append(sheet, [None, None, document.signer_name], BOLD)
    widths = {"A": 48, "B": 4, "C": 48}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def section_sheet(sheet, section):
    append(sheet, [section.title], TITLE)
    for label, value in section.figures:
        append(sheet, [label, value])
    for table in section.tables:
        append(sheet, [])
        append(sheet, [table.title], ITALIC)
        append(sheet, table.headers, BOLD)
        for row in table.rows:
            append(sheet, row)
    for chart in section.charts:
        append(sheet, [])
        append(sheet, [chart.title], ITALIC)
        targets = chart.targets or {}
        append(sheet, ["", _("Value"), *([_("Target")] if targets else [])], BOLD)
        for label, value in chart.bars:
            append(sheet, [label, value, targets.get(label)] if targets else [label, value])
    for note in section.notes:
        append(sheet, [])
        append(sheet, [note], ITALIC)
    sheet.column_dimensions["A"].width = 50
    for index in range(2, 10):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def render(document):
    workbook = Workbook()
    taken = set()
    cover_sheet(workbook, document, sheet_name(document.title.capitalize(), taken))
    for section in document.sections:
        section_sheet(workbook.create_sheet(sheet_name(section.title, taken)), section)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
