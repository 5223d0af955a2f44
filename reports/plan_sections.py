"""The plan's own sections of the report: pages published per content area against its targets, and the
anniversaries and days to mark it names. Read from the plan's public functions (coverage, marked days)."""

from django.utils.translation import gettext as _
from wagtail import hooks

from plan.coverage import coverage
from plan.models import Channel, ItemStatus, marked_days
from reports.sections import HOOK_NAME, ReportChart, ReportSection, ReportTable


def number(value):
    """An integer stays an integer; a fraction keeps one decimal."""
    return int(value) if float(value).is_integer() else round(value, 1)


def area_rows(report):
    rows = []
    for row in report["areas"]:
        target = number(row["target"]) if row["target"] is not None else "–"
        percent = f"{row['percent']}%" if row["percent"] is not None else "–"
        rows.append([str(row["label"]), *row["channels"].values(), row["published"], target, percent, row["owner"]])
    return rows


@hooks.register(HOOK_NAME)
def plan_section(period):
    report = coverage(period.start, period.end)
    channel_labels = [str(label) for _key, label in Channel.choices]
    table = ReportTable(
        title=_("Published per content area, against the plan's targets"),
        headers=[
            _("Content area"),
            *channel_labels,
            _("Published"),
            _("Target"),
            _("Percent of target"),
            _("Responsible"),
        ],
        rows=area_rows(report),
    )
    chart = ReportChart(
        title=_("Items published per content area (the mark is the target)"),
        bars=[(str(row["label"]), row["published"]) for row in report["areas"]],
        targets={str(row["label"]): row["target"] for row in report["areas"] if row["target"] is not None},
    )
    behind = [row for row in report["areas"] if row["percent"] is not None and row["percent"] < 100]
    figures = [
        (_("Items published"), report["total"]),
        *[
            (_("… on the channel: %(channel)s") % {"channel": row["label"]}, row["published"])
            for row in report["channels"]
        ],
        (_("Content areas below their target"), len(behind)),
    ]
    notes = []
    if report["plans"]:
        notes.append(_("Targets from: %(plans)s.") % {"plans": "; ".join(str(plan) for plan in report["plans"])})
    if report["missing_years"]:
        notes.append(
            _("No communications plan for the school year(s) %(years)s: their months have no targets.")
            % {"years": ", ".join(report["missing_years"])}
        )
    return ReportSection(
        key="plan",
        order=10,
        title=_("Publication per content area of the plan"),
        figures=figures,
        tables=[table],
        charts=[chart],
        notes=notes,
    )


def day_status(planned):
    if any(item.status == ItemStatus.PUBLISHED for item in planned):
        return _("Covered")
    return _("Planned, not published") if planned else _("Nothing planned")


@hooks.register(HOOK_NAME)
def anniversaries_section(period):
    days = marked_days(period.start, period.end)
    rows = []
    for day, event, planned in days:
        published = sum(1 for item in planned if item.status == ItemStatus.PUBLISHED)
        rows.append(
            [f"{day.day}/{day.month}/{day.year}", event.title, event.get_kind_display(), day_status(planned), published]
        )
    covered = sum(1 for _day, _event, planned in days if any(i.status == ItemStatus.PUBLISHED for i in planned))
    unplanned = sum(1 for _day, _event, planned in days if not planned)
    return ReportSection(
        key="anniversaries",
        order=20,
        title=_("Anniversaries and days to mark"),
        figures=[
            (_("Days to mark in the period"), len(days)),
            (_("Covered (an item published)"), covered),
            (_("Planned but not published"), len(days) - covered - unplanned),
            (_("Nothing planned"), unplanned),
        ],
        tables=[
            ReportTable(
                title=_("Days to mark"),
                headers=[_("Date"), _("Anniversary or event"), _("Type of day"), _("Coverage"), _("Items published")],
                rows=rows,
            )
        ],
        charts=[
            ReportChart(
                title=_("Days to mark and their coverage"),
                bars=[
                    (_("Covered"), covered),
                    (_("Planned, not published"), len(days) - covered - unplanned),
                    (_("Nothing planned"), unplanned),
                ],
            )
        ],
    )
