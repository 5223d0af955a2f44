"""Wagtail hooks: the Facebook posts report and its retry, the yearly report's Facebook section, the demo posts,
the editor's copy button and the groups' permissions."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from reports.sections import HOOK_NAME as REPORT_SECTIONS
from social.demo import create_demo_posts
from social.report import facebook_section
from social.views import FacebookPostReportView, retry_post


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reports/facebook-posts/", FacebookPostReportView.as_view(), name="social_posts"),
        path(
            "reports/facebook-posts/results/",
            FacebookPostReportView.as_view(results_only=True),
            name="social_posts_results",
        ),
        path("reports/facebook-posts/<int:post_id>/retry/", retry_post, name="social_retry_post"),
    ]


class FacebookPostsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("social.view_facebookpost") or request.user.has_perm("social.change_facebookpost")


@hooks.register("register_reports_menu_item")
def register_facebook_posts_report():
    return FacebookPostsMenuItem(
        gettext_lazy("Facebook posts"), reverse("social_posts"), name="facebook-posts", icon_name="globe", order=960
    )


@hooks.register(REPORT_SECTIONS)
def facebook_report_section(period):
    return facebook_section(period)


@hooks.register("site_lak_demo")
def demo_posts(home, home_en):
    create_demo_posts(home, home_en)


@hooks.register("insert_editor_js")
def copy_button():
    return format_html('<script src="{}"></script>', static("social/js/copy_text.js"))


@hooks.register("site_lak_bootstrap")
def grant_facebook_permissions(home, home_en, groups):
    """Editors see the posts and their status; the communications board and the principal's office may retry."""
    view = Permission.objects.get(content_type__app_label="social", codename="view_facebookpost")
    change = Permission.objects.get(content_type__app_label="social", codename="change_facebookpost")
    for name in (EDITORS, REVIEWERS, APPROVERS):
        groups[name].permissions.add(view)
    for name in (REVIEWERS, APPROVERS):
        groups[name].permissions.add(change)
