"""The admin pages of two-factor sign-in: status, set-up, backup codes, turning it off, the sign-in step."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts import signin, two_factor
from accounts.forms import CodeForm
from accounts.ratelimit import client_address

TITLE = gettext_lazy("Two-factor authentication")


def next_url(request, default):
    """Where to go once the step is done: the ?next= the middleware set, if it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class TwoFactorAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "key"

    @method_decorator([never_cache, sensitive_post_parameters("code")])
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return TITLE

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": reverse("two_factor"), "label": TITLE},
        ]


class StatusView(TwoFactorAdminMixin, TemplateView):
    template_name = "accounts/two_factor/status.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enabled=two_factor.is_enabled(user),
            required=two_factor.is_required(user),
            app_device=two_factor.app_device(user),
            backup_codes_left=two_factor.remaining_backup_codes(user),
            **kwargs,
        )


class CodeFormView(TwoFactorAdminMixin, FormView):
    form_class = CodeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)


class EnableView(CodeFormView):
    """Shows the QR code and the secret of a new app device; the first right code turns it on."""

    template_name = "accounts/two_factor/enable.html"
    page_subtitle = gettext_lazy("Set up")

    def dispatch(self, request, *args, **kwargs):
        if two_factor.is_enabled(request.user):
            messages.info(request, _("Two-factor authentication is already on."))
            return redirect("two_factor")
        self.device = two_factor.pending_app_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "app_device": self.device, "allow_backup_code": False}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=two_factor.qr_code_svg(self.device, _("QR code for your authenticator app")),
            secret=two_factor.formatted_secret(self.device),
            required=two_factor.is_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        codes = two_factor.enable(self.request.user, self.device)
        otp_login(self.request, self.device)  # they have just proved they hold it
        messages.success(self.request, _("Two-factor authentication is on."))
        return show_backup_codes(self, codes)


def show_backup_codes(view, codes):
    """Backup codes are shown once, in the response itself, and never stored anywhere else in clear."""
    context = view.get_context_data(codes=codes, continue_url=next_url(view.request, reverse("two_factor")))
    return TemplateResponse(view.request, "accounts/two_factor/backup_codes.html", context)


class EnabledOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not two_factor.is_enabled(request.user):
            return redirect("two_factor")
        return super().dispatch(request, *args, **kwargs)


class BackupCodesView(EnabledOnlyMixin, CodeFormView):
    """Replaces the backup codes (after a code, so a borrowed session cannot take them)."""

    template_name = "accounts/two_factor/confirm.html"
    page_subtitle = gettext_lazy("New backup codes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            explanation=_("New backup codes replace all your current ones, used or not."),
            submit_label=_("Make new backup codes"),
            serious=False,
            **kwargs,
        )

    def form_valid(self, form):
        codes = two_factor.issue_backup_codes(self.request.user)
        two_factor.audit_backup_codes(self.request.user)
        messages.success(self.request, _("Your new backup codes are ready. The old ones no longer work."))
        return show_backup_codes(self, codes)


class DisableView(EnabledOnlyMixin, CodeFormView):
    template_name = "accounts/two_factor/confirm.html"
    page_subtitle = gettext_lazy("Turn off")
    success_url = reverse_lazy("two_factor")

    def dispatch(self, request, *args, **kwargs):
        if two_factor.is_required(request.user):
            messages.error(request, _("Your group must use two-factor authentication, so it cannot be turned off."))
            return redirect("two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            explanation=_("Without two-factor authentication, your password alone will open your account again."),
            submit_label=_("Turn off two-factor authentication"),
            serious=True,
            **kwargs,
        )

    def form_valid(self, form):
        two_factor.disable(self.request.user, form.device)
        messages.success(self.request, _("Two-factor authentication is off."))
        return super().form_valid(form)


@method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")
class VerifyView(FormView):
    """The second sign-in step. Wrong codes count towards the sign-in rate limit and are audited."""

    template_name = "accounts/two_factor/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if two_factor.pending_step(request.user) != "verify":
            return redirect(next_url(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=next_url(self.request, ""), **kwargs)

    def form_valid(self, form):
        otp_login(self.request, form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.remaining_backup_codes(self.request.user)
            messages.warning(
                self.request,
                ngettext(
                    "You signed in with a backup code; %(count)d is left. Make new ones in your account.",
                    "You signed in with a backup code; %(count)d are left. Make new ones in your account.",
                    left,
                )
                % {"count": left},
            )
        return redirect(next_url(self.request, reverse("wagtailadmin_home")))

    def form_invalid(self, form):
        signin.record_failure(self.request, self.request.user.get_username())
        two_factor.audit_failed_verification(self.request.user, client_address(self.request))
        return super().form_invalid(form)
