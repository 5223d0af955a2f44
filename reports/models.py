"""What the report's header and signature block need beyond the school settings (home.SchoolSettings gives the
school's name and its governing department), and the permission to see the report."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# As the communications plan itself is signed and sent (Nơi nhận, HIỆU TRƯỞNG, the principal's name).
DEFAULT_RECIPIENTS = "Sở GDĐT (để báo cáo);\nBan giám hiệu;\nBan truyền thông;\nLưu: VT."


@register_setting(icon="doc-full")
class ReportSettings(BaseSiteSetting):
    """The signature block and the document number of the yearly communications report."""

    signer_title = models.CharField(_("signer's position"), max_length=120, default="Hiệu trưởng")
    signer_name = models.CharField(
        _("principal's name"), max_length=120, blank=True, help_text=_("Printed under the signature.")
    )
    place = models.CharField(
        _("place in the date line"), max_length=120, default="Lắk", help_text=_("“Lắk, ngày … tháng … năm …”.")
    )
    number_suffix = models.CharField(
        _("document number suffix"),
        max_length=60,
        default="BC-THPTL",
        help_text=_("The report's number reads “Số: …/BC-THPTL”; the number itself is filled in when it is issued."),
    )
    recipients = models.TextField(_("recipients (Nơi nhận)"), default=DEFAULT_RECIPIENTS, help_text=_("One a line."))

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")])], heading=_("Signature")
        ),
        FieldRowPanel([FieldPanel("place"), FieldPanel("number_suffix")]),
        FieldPanel("recipients"),
    ]

    class Meta:
        verbose_name = _("communications report settings")
        permissions = [("view_communications_report", _("Can see the communications report"))]

    def recipient_lines(self):
        return [line.strip(" -") for line in self.recipients.splitlines() if line.strip(" -")]
