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
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log
from wagtail.models import Page

from editorial.disclosure import (
    RETENTION_YEARS,
    DisclosureReminder,
    RetentionAction,
    RetentionOverride,
    items_needing_attention,
    retained_items,
)
from home.bootstrap import APPROVERS, REVIEWERS

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
    return TemplateResponse(request, "editorial/disclosure/admin/retention_reason.html", context, status=status)


def is_responsible(user):
    return user.is_superuser or user.groups.filter(name__in=RESPONSIBLE_GROUPS).exists()


class DisclosureDuePanel(Component):
    """On the dashboard of the communications board and the principal's office: items due soon or overdue."""

    name = "disclosure_due"
    template_name = "editorial/disclosure/admin/dashboard_panel.html"
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
        body = render_to_string("editorial/disclosure/email/reminder.txt", context)
        subject = ngettext(
            "Public disclosure: %(count)s item due soon or overdue",
            "Public disclosure: %(count)s items due soon or overdue",
            len(items),
        ) % {"count": len(items)}
        send_mail(subject, body, None, recipients)
    return reminder


# --- Wagtail hooks (imported by editorial.wagtail_hooks) -----------------------------------------------------


@hooks.register("before_delete_page")
def guard_disclosure_deletion(request, page):
    return guard_removal(request, page, RetentionAction.DELETE)


@hooks.register("before_unpublish_page")
def guard_disclosure_unpublication(request, page):
    return guard_removal(request, page, RetentionAction.UNPUBLISH)


@hooks.register("before_bulk_action")
def refuse_bulk_removal_of_retained_items(request, action_type, objects, action_class_instance):
    """Bulk actions cannot ask for a reason: retained items are deleted or unpublished one at a time."""
    if action_type not in ("delete", "unpublish") or not all(isinstance(obj, Page) for obj in objects):
        return None
    if any(retained_items(page) for page in objects):
        messages.error(
            request,
            gettext(
                "Disclosed items are kept for five years: delete or unpublish them one at a time, giving a reason."
            ),
        )
        return redirect("wagtailadmin_home")
    return None


@hooks.register("register_log_actions")
def register_retention_log_action(actions):
    actions.register_action(
        RETENTION_OVERRIDE_ACTION,
        _("Removed within the retention period"),
        _("Disclosed item removed before five years, with a reason"),
    )


@hooks.register("construct_homepage_panels")
def add_disclosure_panel(request, panels):
    if is_responsible(request.user):
        panels.append(DisclosureDuePanel(request))


@hooks.register("site_lak_bootstrap")
def bootstrap_disclosure(home, home_en, groups):
    from editorial.disclosure import DisclosureIndexPage
    from editorial.schedule_views import ensure_translated_section

    ensure_translated_section(home, home_en, DisclosureIndexPage, DISCLOSURE_SECTION)
