"""The pages that take feedback: the feedback page (form, status look-up, published questions and answers) and
public consultations, with the form behaviour they share.

POST to the page itself → validated → stored in its own transaction → e-mails (failures only logged)
→ redirect (PRG) to ``cam-on/?ma=<reference>``. Works without JavaScript.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from accounts.ratelimit import RateLimit, client_address
from core.families import Section
from feedback.forms import ATTACHMENT_TYPES, FeedbackForm, StatusLookupForm
from feedback.notify import acknowledge
from feedback.records import Feedback, find_feedback
from feedback.vocabulary import Category, Channel, ConsultationStatus
from home.blocks import BodyBlock, DocumentLinkBlock
from home.models import BasePage
from home.seo import absolute_url
from site_lak.database_errors import is_temporary

logger = logging.getLogger(__name__)


def store_submission(form, page, request):
    """Saves the submission first (own transaction), then its attachment; returns the stored Feedback."""
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
        return FeedbackForm(*args, fixed_category=self.feedback_category, **kwargs)

    def status_page_url(self, request=None):
        """The status look-up of the feedback page in this page's language."""
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
        limit = RateLimit.named("feedback")
        if not limit.allow(client_address(request)):
            form = self.feedback_form(initial={k: v for k, v in request.POST.items() if k != "started"})
            response = self.render(
                request,
                context_overrides={
                    "form": form,
                    "form_error": gettext(
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
                form_error = gettext("Please correct the errors below.")
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
                "form_error": gettext(
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
        lookup = StatusLookupForm({"ma": request.GET.get("ma", "")})
        reference = lookup.cleaned_data["ma"] if lookup.is_valid() else ""
        response = self.render(
            request,
            template="feedback/thanks.html",
            context_overrides={"reference": reference, "status_url": self.status_page_url(request)},
        )
        add_never_cache_headers(response)
        return response


class FeedbackPage(FeedbackFormMixin, BasePage):
    """The feedback page: the form, the status look-up and the published questions and answers."""

    section = Section(80, "gop-y", "Góp ý – Hỏi đáp", "feedback", "Feedback and questions")
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("feedback page")
        verbose_name_plural = _("feedback pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["faqs"] = Feedback.objects.faq(self.locale.language_code)[:50]
        return context

    @path("tra-cuu/", name="feedback_status")
    def feedback_status_view(self, request):
        """Progress of one submission, and the school's reply, to whoever proves it is theirs: the whole
        code (its random end), or an older code without that end together with the sender's e-mail or
        phone. Never shows who sent it or what they wrote. Look-ups are rate-limited per address."""
        context = {"lookup": StatusLookupForm(), "found": None}
        status = 200
        if "ma" in request.GET:
            limit = RateLimit.named("feedback-status")
            if not limit.allow(client_address(request)):
                return self.too_many_lookups(request, context, limit)
            lookup = StatusLookupForm(request.GET)
            context["lookup"] = lookup
            if not lookup.is_valid():
                status = 400
            else:
                context["found"] = find_feedback(lookup.cleaned_data["ma"], lookup.cleaned_data["lien_he"])
                status = 200 if context["found"] else 404
        response = self.render(request, template="feedback/status.html", context_overrides=context)
        response.status_code = status
        add_never_cache_headers(response)  # progress changes without any page being published
        return response

    def too_many_lookups(self, request, context, limit):
        context["limit_error"] = gettext(
            "Too many look-ups from your network. To protect the senders' privacy, please wait %(minutes)d "
            "minutes and try again."
        ) % {"minutes": limit.minutes}
        response = self.render(request, template="feedback/status.html", context_overrides=context)
        response.status_code = 429
        response["Retry-After"] = str(limit.window)
        add_never_cache_headers(response)
        return response


class ConsultationPage(FeedbackFormMixin, BasePage):
    """A public consultation (Lấy ý kiến): the proposal, its documents, the comment period and the outcome."""

    proposal = StreamField(BodyBlock(), verbose_name=_("what is proposed"), blank=True)
    documents = StreamField([("document", DocumentLinkBlock())], verbose_name=_("documents"), blank=True)
    opens_at = models.DateTimeField(_("comments open"))
    closes_at = models.DateTimeField(_("comments close"))
    outcome = StreamField(
        BodyBlock(),
        verbose_name=_("outcome"),
        blank=True,
        help_text=_("Published once the consultation has closed: what was received and what was decided."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("proposal"),
        FieldPanel("documents"),
        FieldPanel("outcome"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("proposal"), index.SearchField("outcome")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    feedback_category = Category.SUGGESTION

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation must close after it opens.")})

    @property
    def consultation_status(self):
        now = timezone.now()
        if now < self.opens_at:
            return ConsultationStatus.UPCOMING
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    @property
    def consultation_status_label(self):
        return ConsultationStatus(self.consultation_status).label

    def accepts_feedback(self):
        return self.consultation_status == ConsultationStatus.OPEN

    def feedback_fields(self):
        return {"consultation": self}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["comment_count"] = self.comments.count()
        return context
