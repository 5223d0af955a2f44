"""Staff views in the Wagtail admin: reply to the sender, download an attachment, statistics and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.forms import DateRangeForm, ReplyForm
from feedback.notify import send_reply
from feedback.records import Feedback
from feedback.stats import export_rows, feedback_statistics
from feedback.vocabulary import Status
from home.exports import export_response


def require(request, *codenames):
    if not any(request.user.has_perm(f"feedback.{codename}") for codename in codenames):
        raise PermissionDenied


def reply(request, pk):
    """Writes the reply, e-mails it to the sender (if an address was given) and marks the feedback answered."""
    require(request, "reply_feedback")
    feedback = get_object_or_404(Feedback, pk=pk)
    edit_url = reverse("feedback:edit", args=[feedback.pk])
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            feedback.reply = form.cleaned_data["reply"]
            feedback.published_as_faq = form.cleaned_data["published_as_faq"]
            feedback.faq_question = form.cleaned_data["faq_question"]
            if feedback.status in (Status.NEW, Status.ASSIGNED):
                feedback.status = Status.ANSWERED
            feedback.answered_at = feedback.answered_at or timezone.now()
            feedback.answered_by = request.user
            feedback.save()
            if send_reply(feedback):
                messages.success(request, _("Reply saved and sent to %(email)s.") % {"email": feedback.email})
            elif feedback.email:
                messages.warning(request, _("Reply saved, but the e-mail could not be sent; try again later."))
            else:
                messages.info(
                    request, _("Reply saved. The sender gave no e-mail address: they can read it on the status page.")
                )
            return redirect(edit_url)
    else:
        form = ReplyForm(
            initial={
                "reply": feedback.reply,
                "published_as_faq": feedback.published_as_faq,
                "faq_question": feedback.faq_question,
            }
        )
    return TemplateResponse(
        request,
        "feedback/admin/reply.html",
        {"feedback": feedback, "form": form, "edit_url": edit_url, "page_title": _("Reply to %s") % feedback.reference},
    )


def attachment(request, pk):
    """The attachment, to staff only (files are personal data and are not published under /media/ links)."""
    require(request, "view_feedback", "change_feedback")
    feedback = get_object_or_404(Feedback, pk=pk)
    if not feedback.attachment:
        raise Http404
    return FileResponse(
        feedback.attachment.open("rb"),
        content_type=feedback.attachment_type or "application/octet-stream",
        as_attachment=True,
        filename=f"{feedback.reference}.{feedback.attachment.name.rsplit('.', 1)[-1]}",
    )


def statistics(request):
    require(request, "view_feedback", "change_feedback")
    form = DateRangeForm(request.GET or None)
    context = {"form": form, "page_title": _("Feedback statistics"), "query": request.GET.urlencode()}
    if form.is_bound and not form.is_valid():
        # No figures for a period that does not exist (not the figures of all time under an error).
        return TemplateResponse(request, "feedback/admin/statistics.html", context, status=400)
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_bound else (None, None)
    stats = feedback_statistics(start, end)
    # Every figure and chart counts the feedback received in the period; statuses are today's.
    context["stats"] = stats
    context["charts"] = [
        (_("By category"), stats["by_category"]),
        (_("By channel"), stats["by_channel"]),
        (_("By current status"), stats["by_status"]),
        (_("Received per month"), stats["by_month"]),
    ]
    return TemplateResponse(request, "feedback/admin/statistics.html", context)


def export(request, file_format):
    require(request, "view_feedback", "change_feedback")
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        return HttpResponse(" ".join(form.errors.get("__all__", [_("Invalid dates.")])), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = "gop-y_{}_{}".format(start or "dau", end or timezone.localdate())
    return export_response(export_rows(start, end), file_format, name, _("Feedback"))
