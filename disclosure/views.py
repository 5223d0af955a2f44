"""Admin side of public disclosure: the five-year retention guard, the dashboard panel, the reminder e-mail.

The guard runs in Wagtail's `before_delete_page` and `before_unpublish_page` hooks. Wagtail's delete view
calls its hook on every request (GET shows the confirmation); its unpublish view only on the confirming
POST. When the page (or, for a deletion, anything under it) holds a disclosure item still within its
retention period, the guard answers with its own form asking for the reason, which posts back to the same
Wagtail URL; with a reason the action goes ahead and the reason is kept in `RetentionOverride` and in the
audit log, without one it is refused (400) and nothing changes.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log

from core.bootstrap import APPROVERS, REVIEWERS
from disclosure.models import (
    RETENTION_YEARS,
    DisclosureReminder,
    RetentionAction,
    RetentionOverride,
    items_needing_attention,
    retained_items,
)

# (Vietnamese slug, title; English slug, title) of the section under each home page.
DISCLOSURE_SECTION = ("cong-khai", "Công khai", "disclosure", "Public disclosure")
RETENTION_OVERRIDE_ACTION = "site_lak.disclosure_retention_override"
REASON_FIELD = "retention_reason"
# Who answers for disclosure: the communications board and the principal's office.
RESPONSIBLE_GROUPS = [REVIEWERS, APPROVERS]


class RetentionReasonForm(forms.Form):
    retention_reason = forms.CharField(
        label=_("Reason for removing a disclosed item before five years"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_(
            "Kept with the page's history and in the school's audit log, e.g. a document replaced by a corrected one."
        ),
        error_messages={
            "required": _("Thông tư 09/2024 keeps disclosed items for five years: give the reason to go on."),
            "min_length": _("Explain the reason in at least %(limit_value)d characters."),
        },
    )


def record_override(page, items, action, reason, user):
    for item in items:
        RetentionOverride.objects.create(
            page=item,
            page_title=item.title[:255],
            action=action,
            reason=reason,
            disclosed_on=item.disclosure_date,
            user=user,
        )
        log(
            instance=item,
            action=RETENTION_OVERRIDE_ACTION,
            user=user,
            data={"action": action, "reason": reason, "disclosed_on": item.disclosure_date, "requested_on": page.pk},
        )


def guard_removal(request, page, action):
    """None to let Wagtail go on; otherwise the reason form (GET: asking, POST without a reason: refusing)."""
    items = retained_items(page)
    if not items:
        return None
    form = RetentionReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record_override(page, items, action, form.cleaned_data[REASON_FIELD], request.user)
        return None
    context = {
        "page": page,
        "items": items,
        "form": form,
        "action": action,
        "is_delete": action == RetentionAction.DELETE,
        "retention_years": RETENTION_YEARS,
        "include_descendants": request.POST.get("include_descendants", ""),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "disclosure/admin/retention_reason.html", context, status=status)


def is_responsible(user):
    return user.is_superuser or user.groups.filter(name__in=RESPONSIBLE_GROUPS).exists()


class DisclosureDuePanel(Component):
    """On the dashboard of the communications board and the principal's office: items due soon or overdue."""

    name = "disclosure_due"
    template_name = "disclosure/admin/dashboard_panel.html"
    order = 95

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        context["today"] = today
        context["items"] = [(item, item.status(today)) for item in items_needing_attention(today)]
        return context


def responsible_recipients():
    users = get_user_model().objects.filter(is_active=True, groups__name__in=RESPONSIBLE_GROUPS).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def send_reminders(today=None):
    """E-mail the responsible groups the items due within 14 days or overdue; at most once a day.

    Returns the DisclosureReminder sent now, or None (nothing due, nobody to tell, or already sent today).
    """
    today = today or timezone.localdate()
    if DisclosureReminder.objects.filter(day=today).exists():
        return None
    items = items_needing_attention(today)
    recipients = responsible_recipients()
    if not items or not recipients:
        return None
    with transaction.atomic():
        reminder, created = DisclosureReminder.objects.get_or_create(
            day=today, defaults={"item_count": len(items), "recipients": ", ".join(recipients)}
        )
        if not created:  # another run got there first
            return None
        context = {"items": [(item, item.status(today)) for item in items], "today": today}
        body = render_to_string("disclosure/email/reminder.txt", context)
        subject = ngettext(
            "Public disclosure: %(count)s item due soon or overdue",
            "Public disclosure: %(count)s items due soon or overdue",
            len(items),
        ) % {"count": len(items)}
        send_mail(subject, body, None, recipients)
    return reminder
