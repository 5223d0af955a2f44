"""The report as a PDF (fpdf2), set in Noto Sans so that Vietnamese keeps its diacritics: the school's header in
two columns as an administrative document has it, the title and period, each section (key figures, charts drawn
as bars, tables) and the signature block."""

from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from reports.charts import number_text, scaled_bars, section_numeral

FONT = "NotoSans"
FONT_FILES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf", "I": "NotoSans-Italic.ttf"}
BAR_COLOUR, TARGET_COLOUR, TRACK_COLOUR = (0, 125, 126), (179, 38, 30), (235, 235, 235)
# Left column of the header (the department and the school) and the right one (the national motto).
LEFT_COLUMN, RIGHT_COLUMN = 80, 90
LINE = 5.5


class FontMissing(Exception):
    def __init__(self, path):
        super().__init__(f"font file missing: {path}")
        self.path = path


class ReportPDF(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, str(self.page_no()), align="C")


def new_pdf(document):
    pdf = ReportPDF(format="A4")
    pdf.set_margins(25, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    for style, name in FONT_FILES.items():
        path = Path(settings.REPORT_FONT_DIR) / name
        if not path.is_file():
            raise FontMissing(path)
        pdf.add_font(FONT, style, str(path))
    pdf.set_title(f"{document.title} {document.subtitle} – {document.period.label}")
    pdf.set_lang("vi")
    pdf.add_page()
    return pdf


def column(pdf, x, y, width, lines):
    """Centred lines (style, size, text) in a column starting at (x, y); returns the y below it."""
    pdf.set_xy(x, y)
    for style, size, text in lines:
        pdf.set_font(FONT, style, size)
        pdf.set_x(x)
        pdf.multi_cell(width, LINE, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y()


def underline(pdf, centre, y, length):
    pdf.line(centre - length / 2, y + 0.5, centre + length / 2, y + 0.5)


def header(pdf, document):
    left, top = pdf.l_margin, pdf.get_y()
    below_school = column(
        pdf, left, top, LEFT_COLUMN, [("", 10.5, document.governing_body), ("B", 10.5, document.school_name)]
    )
    underline(pdf, left + LEFT_COLUMN / 2, below_school, 25)
    left_end = column(pdf, left, below_school + 2, LEFT_COLUMN, [("", 11, document.number)])
    right = left + LEFT_COLUMN
    below_motto = column(pdf, right, top, RIGHT_COLUMN, [("B", 10.5, document.country), ("B", 11.5, document.motto)])
    pdf.set_font(FONT, "B", 11.5)
    underline(pdf, right + RIGHT_COLUMN / 2, below_motto, pdf.get_string_width(document.motto))
    right_end = column(pdf, right, below_motto + 2, RIGHT_COLUMN, [("I", 11, document.date_line)])
    pdf.set_xy(left, max(left_end, right_end) + 8)
    for style, size, text in [
        ("B", 14, document.title),
        ("B", 12, document.subtitle),
        ("I", 11, document.period.label),
    ]:
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(0, 7, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def figures(pdf, section):
    pdf.set_font(FONT, "", 10)
    for label, value in section.figures:
        pdf.multi_cell(0, LINE, f"- {label}: {number_text(value)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def chart(pdf, chart):
    """Horizontal bars: the label, a bar as long as its share of the largest value, the value, the target mark."""
    label_width, area = 62, pdf.epw - 62 - 18
    pdf.ln(2)
    pdf.set_font(FONT, "I", 9.5)
    pdf.multi_cell(0, LINE, chart.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for bar in scaled_bars(chart):
        if pdf.will_page_break(6):
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(label_width - 2, 6, bar.label, align="R")
        pdf.set_fill_color(*TRACK_COLOUR)
        pdf.rect(x + label_width, y + 1, area, 4, style="F")
        pdf.set_fill_color(*BAR_COLOUR)
        if bar.share > 0:
            pdf.rect(x + label_width, y + 1, max(bar.share * area, 0.6), 4, style="F")
        if bar.target_share is not None:
            pdf.set_draw_color(*TARGET_COLOUR)
            mark = x + label_width + bar.target_share * area
            pdf.set_line_width(0.7)
            pdf.line(mark, y + 0.2, mark, y + 5.8)
            pdf.set_line_width(0.2)
            pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(x + label_width + area + 1.5, y)
        pdf.cell(16, 6, number_text(bar.value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def column_weights(report_table):
    """Wider columns for longer texts (1 to 4 parts each), so names and titles wrap less than numbers."""
    columns = list(zip(report_table.headers, *report_table.rows, strict=False))
    return [min(4, max(1, max(len(number_text(value)) for value in values) / 12)) for values in columns]


def table(pdf, report_table):
    pdf.set_font(FONT, "I", 9.5)
    pdf.multi_cell(0, LINE, report_table.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 8)
    weights = column_weights(report_table)
    with pdf.table(line_height=4.2, padding=1, first_row_as_headings=True, col_widths=weights) as grid:
        heading = grid.row()
        for text in report_table.headers:
            heading.cell(str(text))
        for values in report_table.rows or [["–"] * len(report_table.headers)]:
            row = grid.row()
            for value in values:
                row.cell(number_text(value))
    pdf.ln(3)


def section(pdf, number, report_section):
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, f"{number}. {report_section.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    figures(pdf, report_section)
    for report_chart in report_section.charts:
        chart(pdf, report_chart)
    for report_table in report_section.tables:
        table(pdf, report_table)
    pdf.set_font(FONT, "I", 9)
    for note in report_section.notes:
        pdf.multi_cell(0, LINE, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def signature(pdf, document):
    if pdf.will_page_break(55):
        pdf.add_page()
    left, top = pdf.l_margin, pdf.get_y() + 4
    pdf.set_xy(left, top)
    pdf.set_font(FONT, "B", 10)
    pdf.set_x(left)
    pdf.cell(LEFT_COLUMN, LINE, document.recipients_heading, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    for line in document.recipients:
        pdf.set_x(left)
        pdf.multi_cell(LEFT_COLUMN, 4.5, f"- {line}", new_x=XPos.LEFT, new_y=YPos.NEXT)
    right = left + LEFT_COLUMN
    column(pdf, right, top, RIGHT_COLUMN, [("B", 11, document.signer_title)])
    column(pdf, right, top + 30, RIGHT_COLUMN, [("B", 11, document.signer_name)])


def render(document):
    pdf = new_pdf(document)
    header(pdf, document)
    for index, report_section in enumerate(document.sections):
        section(pdf, section_numeral(index), report_section)
    signature(pdf, document)
    return bytes(pdf.output())
