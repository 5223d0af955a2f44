"""The admin's report of Facebook posts (filter by status) and the "retry" of a failed or waiting post."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from social import sending
from social.models import FacebookPost, PostStatus
from social.report import family_label

RETRYABLE = (PostStatus.FAILED, PostStatus.QUEUED)


class FacebookPostFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=PostStatus.choices, empty_label=gettext_lazy("All")
    )

    class Meta:
        model = FacebookPost
        fields = ["status"]


class RetryColumn(Column):
    cell_template_name = "social/retry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        context["may_retry"] = instance.status in RETRYABLE and request.user.has_perm("social.change_facebookpost")
        context["csrf_token"] = get_token(request)
        context["action"] = reverse("social_retry_post", args=[instance.pk])
        return context


class FacebookPostReportView(ReportView):
    page_title = gettext_lazy("Facebook posts")
    header_icon = "globe"
    index_url_name = "social_posts"
    index_results_url_name = "social_posts_results"
    permission_policy = ModelPermissionPolicy(FacebookPost)
    any_permission_required = ["view", "change"]
    model = FacebookPost
    filterset_class = FacebookPostFilterSet
    list_export = ["created_at", "page", "family", "status", "facebook_id", "permalink", "attempts", "problem"]
    # The exports speak as the listing does: Vietnamese headings and labels, times in the school's time zone.
    export_headings = {"problem": gettext_lazy("Problem")}
    custom_field_preprocess = {
        "created_at": {
            ReportView.FORMAT_CSV: lambda value: timezone.localtime(value).strftime("%d/%m/%Y %H:%M"),
            ReportView.FORMAT_XLSX: lambda value: timezone.localtime(value).replace(tzinfo=None),
        }
    }
    columns = [
        DateColumn("created_at", label=gettext_lazy("Queued at")),
        TitleColumn(
            "page",
            label=gettext_lazy("Page"),
            get_url=lambda post: reverse("wagtailadmin_pages:edit", args=[post.page_id]),
        ),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("problem", label=gettext_lazy("Problem")),
        Column("permalink", label=gettext_lazy("Link on Facebook")),
        Column("attempts", label=gettext_lazy("Attempts")),
        RetryColumn("retry", label=gettext_lazy("Actions")),
    ]

    def get_queryset(self):
        return FacebookPost.objects.select_related("page")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["family"] = family_label(item.family)
        row["status"] = item.get_status_display()
        return row


@require_POST
def retry_post(request, post_id):
    if not request.user.has_perm("social.change_facebookpost"):
        raise PermissionDenied
    post = get_object_or_404(FacebookPost, pk=post_id)
    if sending.retry(post):
        messages.success(request, _("The post to Facebook is queued again."))
    else:
        messages.error(request, _("This post has been sent or is being sent; it is not sent again."))
    return redirect("social_posts")
