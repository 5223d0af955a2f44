"""Geometry of the report's horizontal bar charts, shared by the HTML (SVG) and the PDF: each bar's length
relative to the largest value or target, so both draw the same picture."""

from dataclasses import dataclass

from django.utils.text import Truncator

LABEL_CHARS = 38
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def section_numeral(index):
    """I, II, III… as an administrative report numbers its parts (0-based index)."""
    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


@dataclass
class Bar:
    label: str  # shortened for the drawing; the table alternative has the full label
    full_label: str
    value: float
    share: float  # 0..1 of the bar area
    target: float | None
    target_share: float | None


def scaled_bars(chart):
    targets = chart.targets or {}
    largest = max([value for _label, value in chart.bars] + list(targets.values()) + [0]) or 1
    bars = []
    for label, value in chart.bars:
        target = targets.get(label)
        bars.append(
            Bar(
                label=Truncator(label).chars(LABEL_CHARS),
                full_label=label,
                value=value,
                share=value / largest,
                target=target,
                target_share=target / largest if target is not None else None,
            )
        )
    return bars


def number_text(value):
    """1234.5 → "1.234,5" as Vietnamese writes numbers; integers without decimals."""
    if isinstance(value, float) and not value.is_integer():
        whole, fraction = f"{value:,.1f}".split(".")
        return whole.replace(",", ".") + "," + fraction
    return f"{int(value):,}".replace(",", ".") if isinstance(value, int | float) else str(value)


# The SVG: label column, bar area, value after the bar; a row per bar.
SVG_WIDTH, LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, TOP = 760, 300, 360, 26, 8


def svg_geometry(chart):
    rows = []
    for index, bar in enumerate(scaled_bars(chart)):
        y = TOP + index * ROW_HEIGHT
        length = round(bar.share * BAR_AREA, 1)
        target_x = None if bar.target_share is None else round(LABEL_WIDTH + bar.target_share * BAR_AREA, 1)
        rows.append(
            {
                "bar": bar,
                "y": y,
                "text_y": y + ROW_HEIGHT / 2 + 4,
                "bar_y": y + 4,
                "bar_height": ROW_HEIGHT - 8,
                "length": length,
                "value_x": LABEL_WIDTH + length + 6,
                "value": number_text(bar.value),
                "target_x": target_x,
                "target": number_text(bar.target) if bar.target is not None else "",
            }
        )
    return {
        "rows": rows,
        "width": SVG_WIDTH,
        "height": TOP * 2 + max(len(rows), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "has_targets": any(row["target_x"] is not None for row in rows),
    }
