"""The form behaviour shared by the feedback page and consultation pages.

POST to the page itself → validated → stored in its own transaction → e-mails (failures only logged)
→ redirect (PRG) to ``cam-on/?ma=<reference>``. Works without JavaScript.
"""

import logging

from django.db import DatabaseError, transaction
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.seo import absolute_url
from site_lak.database_errors import is_temporary
from site_lak.ratelimit import RateLimit, client_address

logger = logging.getLogger(__name__)


def store_submission(form, page, request):
    """Saves the submission first (own transaction), then its attachment; returns the stored Feedback."""
    from feedback.models import Channel, Feedback

    data = form.cleaned_data
    feedback = Feedback(
        channel=Channel.WEB,
        category=form.fixed_category or data["category"],
        subject=data["subject"],
        message=data["message"],
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        consent=data["consent"],
        language=page.locale.language_code,
        **page.feedback_fields(),
    )
    with transaction.atomic():
        feedback.save()
    upload = data.get("attachment")
    if upload:
        # After the record is safe: a storage failure loses the file, never the message.
        try:
            from feedback.forms import ATTACHMENT_TYPES

            mime = upload.detected_type
            feedback.attachment.save(f"attachment.{ATTACHMENT_TYPES[mime]}", upload, save=False)
            Feedback.objects.filter(pk=feedback.pk).update(attachment=feedback.attachment.name, attachment_type=mime)
        except Exception:
            logger.exception("Feedback %s: the attachment could not be stored", feedback.reference)
    return feedback


class FeedbackFormMixin(RoutablePageMixin):
    """A page that takes feedback through its own URL (form), ``cam-on/`` (thanks) and ``tra-cuu/`` (status)."""

    feedback_category = None  # a fixed category hides the choice (consultations)

    def accepts_feedback(self):
        return True

    def feedback_fields(self):
        """Extra fields stored with each submission made through this page."""
        return {}

    def feedback_form(self, *args, **kwargs):
        from feedback.forms import FeedbackForm

        return FeedbackForm(*args, fixed_category=self.feedback_category, **kwargs)

    def status_page_url(self, request=None):
        """The status look-up of the feedback page in this page's language."""
        from feedback.models import FeedbackPage

        feedback_page = self if isinstance(self, FeedbackPage) else None
        if feedback_page is None:
            feedback_page = FeedbackPage.objects.live().filter(locale=self.locale).first()
        if feedback_page is None:
            return ""
        return feedback_page.get_url(request) + feedback_page.reverse_subpage("feedback_status")

    @path("")
    def feedback_form_view(self, request):
        if request.method == "POST" and self.accepts_feedback():
            return self.handle_submission(request)
        form = self.feedback_form() if self.accepts_feedback() else None
        response = self.render(request, context_overrides={"form": form})
        # The form carries a CSRF token and a time stamp, and a consultation opens and closes by the
        # clock: never keep this page in a shared cache.
        add_never_cache_headers(response)
        return response

    def handle_submission(self, request):
        from feedback.notify import acknowledge

        limit = RateLimit.named("feedback")
        if not limit.allow(client_address(request)):
            form = self.feedback_form(initial={k: v for k, v in request.POST.items() if k != "started"})
            response = self.render(
                request,
                context_overrides={
                    "form": form,
                    "form_error": _(
                        "You have sent %(count)d messages in the last %(minutes)d minutes. To protect the service, "
                        "please wait a few minutes before sending again. Your text is still in the form."
                    )
                    % {"count": limit.limit, "minutes": limit.minutes},
                },
            )
            response.status_code = 429
            response["Retry-After"] = str(limit.window)
            return response
        form = self.feedback_form(request.POST, request.FILES)
        if not form.is_valid():
            if form.spam_rejected():
                # Keep what was typed, with a fresh timestamp, so a real person can just press send again.
                form_error = " ".join(form.non_field_errors())
                form = self.feedback_form(
                    initial={k: v for k, v in request.POST.items() if k not in ("started", "website")}
                )
            else:
                form_error = _("Please correct the errors below.")
            response = self.render(request, context_overrides={"form": form, "form_error": form_error})
            response.status_code = 400
            return response
        status_url = absolute_url(self.status_page_url(request) or "/")  # before: nothing after may fail
        try:
            feedback = store_submission(form, self, request)
        except DatabaseError as error:
            if not is_temporary(error):
                raise
            return self.not_received(request, form, error)
        acknowledge(feedback, status_url, client_address(request))
        return redirect(self.get_url(request) + self.reverse_subpage("feedback_thanks") + f"?ma={feedback.reference}")

    def not_received(self, request, form, error):
        """503: the database could not store the message now (locked, read-only, full). The form again, with
        what was typed, saying plainly that nothing was received; if even that page cannot be shown, the
        site's 503 page says the same (site_lak/middleware.py)."""
        logger.error(
            "Feedback not stored, the sender was asked to send it again: %s: %s", error.__class__.__name__, error
        )
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "form_error": _(
                    "Your message has NOT been received: the site could not store it just now. Please send it "
                    "again in a few minutes. Your text is still in the form (an attached file must be chosen again)."
                ),
            },
        )
        response.status_code = 503
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response

    @path("cam-on/", name="feedback_thanks")
    def feedback_thanks_view(self, request):
        from feedback.forms import StatusLookupForm

        lookup = StatusLookupForm({"ma": request.GET.get("ma", "")})
        reference = lookup.cleaned_data["ma"] if lookup.is_valid() else ""
        response = self.render(
            request,
            template="feedback/thanks.html",
            context_overrides={"reference": reference, "status_url": self.status_page_url(request)},
        )
        add_never_cache_headers(response)
        return response
