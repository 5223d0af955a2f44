"""The press section of the yearly communications report (reports.sections, docs/press.md): coverage by tone and
channel, enquiries received, answered on time and overdue. Two aggregate queries, whatever the period holds."""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from press.register import OPEN_ENQUIRY, Channel, EnquiryStatus, PressCoverage, PressEnquiry, Tone
from reports.sections import ReportChart, ReportSection, ReportTable


def coverage_counts(period):
    """{(channel, tone): number of items published in the period}."""
    rows = (
        PressCoverage.objects.filter(published_on__range=(period.start, period.end))
        .order_by()
        .values("channel", "tone")
        .annotate(count=Count("pk"))
    )
    return {(row["channel"], row["tone"]): row["count"] for row in rows}


def enquiry_counts(period, now=None):
    """Enquiries received in the period: how many, answered, answered by their deadline, open past it, declined."""
    now = now or timezone.now()
    answered = Q(status=EnquiryStatus.ANSWERED)
    return PressEnquiry.objects.filter(received_at__range=period.datetime_range()).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=answered),
        on_time=Count("pk", filter=answered & Q(answered_at__lte=F("deadline"))),
        overdue=Count("pk", filter=Q(status__in=OPEN_ENQUIRY, deadline__lt=now)),
        declined=Count("pk", filter=Q(status=EnquiryStatus.DECLINED)),
    )


def press_section(period):
    counts = coverage_counts(period)
    by_tone = {tone: sum(n for (_channel, t), n in counts.items() if t == tone) for tone in Tone.values}
    total = sum(by_tone.values())
    enquiries = enquiry_counts(period)
    rows = []
    for channel, label in Channel.choices:
        per_tone = [counts.get((channel, tone), 0) for tone in Tone.values]
        rows.append([str(label), *per_tone, sum(per_tone)])
    rows.append([_("Total"), *by_tone.values(), total])
    tone_labels = dict(Tone.choices)
    return ReportSection(
        key="press",
        order=50,
        title=_("Press coverage and enquiries"),
        figures=[
            (_("Press items about the school"), total),
            (_("Positive"), by_tone[Tone.POSITIVE]),
            (_("Negative"), by_tone[Tone.NEGATIVE]),
            (_("Press enquiries received"), enquiries["received"]),
            (_("Answered by the deadline"), enquiries["on_time"]),
            (_("Open past the deadline"), enquiries["overdue"]),
        ],
        tables=[
            ReportTable(
                title=_("Press coverage by channel and tone"),
                headers=[
                    pgettext("press coverage", "Channel"),
                    *(str(label) for label in tone_labels.values()),
                    _("Total"),
                ],
                rows=rows,
            ),
            ReportTable(
                title=_("Press enquiries"),
                headers=[
                    _("Enquiries received"),
                    _("Answered"),
                    _("Answered by the deadline"),
                    _("Declined"),
                    _("Overdue"),
                ],
                rows=[
                    [
                        enquiries["received"],
                        enquiries["answered"],
                        enquiries["on_time"],
                        enquiries["declined"],
                        enquiries["overdue"],
                    ]
                ],
            ),
        ],
        charts=[
            ReportChart(
                title=_("Press coverage by tone"),
                bars=[(str(tone_labels[tone]), float(by_tone[tone])) for tone in Tone.values],
            )
        ],
    )
