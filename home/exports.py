"""Spreadsheet exports shared by the admin reports: CSV that Excel opens in Vietnamese, and XLSX."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_bytes(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        # A leading =, +, - or @ would run as a formula in a spreadsheet.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads Vietnamese correctly


def xlsx_bytes(rows, title):

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] == "=" else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(rows, file_format, filename, title):
    """A download of `rows` as "csv" or "xlsx" (the caller has checked the format)."""
    content = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows, title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
