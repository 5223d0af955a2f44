"""Two-factor sign-in wired into the Wagtail admin: its pages, the account page, the audit log actions."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel

from accounts import two_factor, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("two-factor/", views.StatusView.as_view(), name="two_factor"),
        path("two-factor/enable/", views.EnableView.as_view(), name="two_factor_enable"),
        path("two-factor/backup-codes/", views.BackupCodesView.as_view(), name="two_factor_backup_codes"),
        path("two-factor/disable/", views.DisableView.as_view(), name="two_factor_disable"),
        path("two-factor/verify/", views.VerifyView.as_view(), name="two_factor_verify"),
    ]


class TwoFactorSettingsPanel(BaseSettingsPanel):
    """A panel on the account page saying whether two-factor sign-in is on, with a link to manage it."""

    name = "two_factor"
    title = views.TITLE
    order = 550  # after the password
    template_name = "accounts/two_factor/account_panel.html"

    def get_form(self):
        return forms.Form(prefix=self.name)  # nothing to save here: the account page skips unbound forms

    def get_context_data(self):
        return {"enabled": two_factor.is_enabled(self.user)}


@hooks.register("register_account_settings_panel")
def two_factor_account_panel(request, user, profile):
    return TwoFactorSettingsPanel(request, user, profile)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        two_factor.ENABLED_ACTION,
        gettext_lazy("Turn on two-factor authentication"),
        gettext_lazy("Two-factor authentication turned on"),
    )
    actions.register_action(
        two_factor.DISABLED_ACTION,
        gettext_lazy("Turn off two-factor authentication"),
        gettext_lazy("Two-factor authentication turned off"),
    )
    actions.register_action(
        two_factor.BACKUP_CODES_ACTION,
        gettext_lazy("Make new backup codes"),
        gettext_lazy("New two-factor backup codes made"),
    )
    actions.register_action(
        two_factor.VERIFY_FAILED_ACTION,
        gettext_lazy("Wrong two-factor code"),
        gettext_lazy("A wrong two-factor code was entered at sign-in"),
    )
