"""The report as one document: the school's header (governing department, school, number; the national motto,
place and date), the title and period, the sections from every app, and the signature block the plan uses
(Nơi nhận, the signer's position and name). HTML, PDF and XLSX all render this same object, in Vietnamese."""

from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from home.models import SchoolSettings
from reports.models import ReportSettings
from reports.sections import ReportPeriod, ReportSection, report_sections

REPORT_LANGUAGE = "vi"


@dataclass
class ReportDocument:
    governing_body: str
    school_name: str
    number: str
    country: str
    motto: str
    date_line: str
    title: str
    subtitle: str
    period: ReportPeriod
    recipients_heading: str
    recipients: list[str]
    signer_title: str
    signer_name: str
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def filename(self):
        return f"bao-cao-truyen-thong_{self.period.start}_{self.period.end}"


def date_line(place, day):
    """“Lắk, ngày 05 tháng 02 năm 2025”: a day below 10 and the months 1 and 2 take a leading zero."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = _("day %(day)s month %(month)s year %(year)s") % {"day": day_text, "month": month_text, "year": day.year}
    return f"{place}, {text}" if place else text


def signer(options, school):
    """The name under the signature: the settings' own, else the spokesperson's when they hold that position."""
    if options.signer_name:
        return options.signer_name
    same_position = school.spokesperson_title.strip().casefold() == options.signer_title.strip().casefold()
    return school.spokesperson_name if same_position else ""


def site_of(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def build_document(request, period, number=""):
    """The whole report for the period, its text in Vietnamese whatever the admin's language."""
    site = site_of(request)
    with translation.override(REPORT_LANGUAGE):
        school = SchoolSettings.for_site(site).in_language(REPORT_LANGUAGE)
        options = ReportSettings.for_site(site)
        return ReportDocument(
            governing_body=school.governing_body.upper(),
            school_name=school.school_name.upper(),
            number=_("No.: %(number)s/%(suffix)s") % {"number": number or " " * 6, "suffix": options.number_suffix},
            country=_("SOCIALIST REPUBLIC OF VIETNAM"),
            motto=_("Independence – Freedom – Happiness"),
            date_line=date_line(options.place, timezone.localdate()),
            title=_("REPORT"),
            subtitle=_("Results of carrying out the communications plan"),
            period=period,
            recipients_heading=_("Recipients:"),
            recipients=options.recipient_lines(),
            signer_title=options.signer_title.upper(),
            signer_name=signer(options, school),
            sections=report_sections(period),
        )
