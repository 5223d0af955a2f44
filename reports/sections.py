"""The report-section interface (docs/communications-report.md).

Each app that owns data for the yearly communications report registers a function with the Wagtail hook
"site_lak_report_sections". It is called with a `ReportPeriod` and returns a `ReportSection` (or None when it
has nothing to say); `report_sections()` collects them, sorted by `order`. Sections compute from stored
records only, with a bounded number of queries, and their text is already translated.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail import hooks

HOOK_NAME = "site_lak_report_sections"

Value = str | int | float


@dataclass(frozen=True)
class ReportPeriod:
    start: datetime.date  # inclusive
    end: datetime.date  # inclusive
    label: str  # e.g. "Năm học 2024–2025" / "1/1/2024 – 31/12/2024"

    def datetime_range(self):
        """(aware start of the first day, aware end of the last day) in settings.TIME_ZONE, for `__range`."""
        zone = ZoneInfo(settings.TIME_ZONE)
        first = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        last = datetime.datetime.combine(self.end, datetime.time.max, tzinfo=zone)
        return first, last


@dataclass
class ReportTable:
    title: str
    headers: list[str]
    rows: list[list[Value]]


@dataclass
class ReportChart:
    """Drawn as a horizontal bar chart: server-rendered SVG in HTML, bars in the PDF."""

    title: str
    bars: list[tuple[str, float]]  # (label, value)
    targets: dict[str, float] | None = None  # optional target per label, drawn as a mark


@dataclass
class ReportSection:
    key: str  # "plan", "feedback", "press", "facebook", "events", ...
    order: (
        int  # plan 10, anniversaries 20, events 30, facebook 40, press 50, feedback 60, consultations 70, incidents 80
    )
    title: str  # translated (gettext), Vietnamese in the report
    figures: list[tuple[str, Value]] = field(default_factory=list)  # key figures (label, value)
    tables: list[ReportTable] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def report_sections(period: ReportPeriod) -> list[ReportSection]:
    """Every function registered with the hook, called with the period; None results dropped; sorted by order."""
    sections = [section for fn in hooks.get_hooks(HOOK_NAME) if (section := fn(period)) is not None]
    return sorted(sections, key=lambda section: (section.order, section.key))
