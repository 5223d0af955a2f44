"""What an editor chose for Facebook (kept with the page's revisions) and the posts sent to the school's page."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey


class FacebookShare(models.Model):
    """The "Post to Facebook" box of one page, as the editor left it; saved only when the editor touched it
    (an untouched box means the family's default and the page's own summary, see social.posting)."""

    page = ParentalKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="facebook_shares"
    )
    enabled = models.BooleanField(_("post to Facebook when first published"), default=False)
    message = models.TextField(
        _("message"),
        blank=True,
        max_length=5000,
        help_text=_("The text of the Facebook post; the page's link and card follow it. Empty: the page's summary."),
    )

    class Meta:
        verbose_name = _("Facebook post setting")
        verbose_name_plural = _("Facebook post settings")

    def __str__(self):
        return f"{self.page_id}: {self.enabled}"


class PostStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class PostError(models.TextChoices):
    """Why a post is waiting or has failed; `last_error` holds the details (Facebook's own message)."""

    NOT_PUBLIC = "not-public", _("The page is not public")
    REFUSED = "refused", _("Facebook refused the post")
    UNREACHABLE = "unreachable", _("Facebook could not be reached")
    SERVER_ERROR = "server-error", _("Facebook had a server error")
    INTERRUPTED = "interrupted", _("Sending was interrupted; check the Facebook page before retrying")
    NOT_CONFIGURED = "not-configured", _("Posting to Facebook is not configured")


class FacebookPost(models.Model):
    """One page's post on the school's Facebook page: at most one per page, ever (`one_facebook_post_per_page`)."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="facebook_posts"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    family = models.CharField(_("page family"), max_length=32, blank=True)
    message = models.TextField(_("message"), blank=True)
    link = models.URLField(_("link"), max_length=1000)
    status = models.CharField(_("status"), max_length=16, choices=PostStatus.choices, default=PostStatus.QUEUED)
    facebook_id = models.CharField(_("Facebook post id"), max_length=100, blank=True)
    permalink = models.URLField(_("link on Facebook"), max_length=500, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error_kind = models.CharField(_("problem"), max_length=16, choices=PostError.choices, blank=True)
    last_error = models.TextField(_("details"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Facebook post")
        verbose_name_plural = _("Facebook posts")
        constraints = [models.UniqueConstraint(fields=["page"], name="one_facebook_post_per_page")]
        indexes = [models.Index(fields=["status", "created_at"], name="social_post_status_created")]

    def __str__(self):
        return f"{self.page_id} ({self.status})"

    @property
    def problem(self):
        """What went wrong, for editors: the reason, then Facebook's own words when it gave any."""
        if not self.error_kind:
            return ""
        label = self.get_error_kind_display()
        return f"{label}: {self.last_error}" if self.last_error else str(label)
