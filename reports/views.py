"""The report in the admin: the page (HTML with SVG charts) and its PDF and XLSX downloads, for the period chosen
in the form. Staff need the permission "reports.view_communications_report"; a bad period is a 400 with the
reason in Vietnamese."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reports import pdf, xlsx
from reports.charts import section_numeral, svg_geometry
from reports.document import REPORT_LANGUAGE, build_document
from reports.period import PLAN, SCHOOL_YEAR, PeriodForm, current_plan, default_period, first_error

PERMISSION = "reports.view_communications_report"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def can_view_report(user):
    return user.is_active and user.has_perm(PERMISSION)


def forbidden(request):
    """A 403 that says why (Wagtail would turn PermissionDenied into a redirect to the dashboard)."""
    context = {"page_title": _("Communications report")}
    return TemplateResponse(request, "reports/forbidden.html", context, status=403)


def period_form(request):
    """The bound form (its messages in the report's language), or an unbound one when nothing was asked."""
    with translation.override(REPORT_LANGUAGE):
        form = PeriodForm(request.GET) if request.GET else PeriodForm(initial=initial_choice())
        if form.is_bound:
            form.is_valid()
    return form


def initial_choice():
    """The unbound form shows what the page shows: the current plan when there is one."""
    plan = current_plan()
    return {"period": PLAN, "plan": plan.pk} if plan else {"period": SCHOOL_YEAR}


def chosen_period(form):
    return form.cleaned_data["report_period"] if form.is_bound else default_period()


def chosen_number(form):
    return form.cleaned_data.get("number", "") if form.is_bound else ""


def page_section(index, section):
    """What the page shows of a section: its charts with their SVG geometry, its tables with numeric cells marked."""
    charts = [
        {"id": f"{section.key}-chart-{index}", "chart": chart, "geometry": svg_geometry(chart)}
        for index, chart in enumerate(section.charts)
    ]
    tables = [
        {
            "table": table,
            "rows": [[(value, isinstance(value, int | float)) for value in row] for row in table.rows],
        }
        for table in section.tables
    ]
    return {"section": section, "numeral": section_numeral(index), "charts": charts, "tables": tables}


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/report.html"
    page_title = gettext_lazy("Communications report")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        form = period_form(request)
        if form.is_bound and form.errors:
            return self.render_to_response(self.get_context_data(form=form, error=first_error(form)), status=400)
        document = build_document(request, chosen_period(form), chosen_number(form))
        return self.render_to_response(self.get_context_data(form=form, document=document))

    def get_context_data(self, document=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.urlencode()
        if document is not None:
            context["document"] = document
            context["sections"] = [page_section(index, section) for index, section in enumerate(document.sections)]
        return context


def export(request, file_format):
    """The report as a PDF or an XLSX file; a bad period is a 400 with the reason as text."""
    if not can_view_report(request.user):
        return forbidden(request)
    form = period_form(request)
    if form.is_bound and form.errors:
        return HttpResponse(first_error(form), status=400, content_type="text/plain; charset=utf-8")
    document = build_document(request, chosen_period(form), chosen_number(form))
    try:
        with translation.override(REPORT_LANGUAGE):
            content = pdf.render(document) if file_format == "pdf" else xlsx.render(document)
    except pdf.FontMissing as missing:
        message = _("The PDF cannot be made: the font file %(path)s is missing (install fonts-noto-core).")
        return HttpResponse(message % {"path": missing.path}, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{file_format}"'
    return response
