"""The communications report in the admin: its URLs, its item under Reports, its permission given by the
bootstrap to the leadership and the communications board, and the plan's own sections."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.bootstrap import APPROVERS, REVIEWERS
from reports import (
    plan_sections,  # noqa: F401 (registers the plan's sections with the report hook)
    views,
)
from reports.models import ReportSettings

# The principal's office signs the report; the board prepares it. Both see it; the office sets the signature.
REPORT_GROUPS = {
    REVIEWERS: ["view_communications_report"],
    APPROVERS: ["view_communications_report", "change_reportsettings"],
}


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/communications/", views.ReportView.as_view(), name="reports_communications"),
        path("reports/communications/report.pdf", views.export, {"file_format": "pdf"}, name="reports_pdf"),
        path("reports/communications/report.xlsx", views.export, {"file_format": "xlsx"}, name="reports_xlsx"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Communications report"),
        reverse("reports_communications"),
        name="communications-report",
        icon_name="doc-full",
        order=100,
    )


@hooks.register("site_lak_bootstrap")
def grant_report_permissions(home, home_en, groups):
    for name, codenames in REPORT_GROUPS.items():
        if name in groups:
            groups[name].permissions.add(
                *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
            )
    ReportSettings.objects.get_or_create(site=home.get_site())
