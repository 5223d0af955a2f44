"""Holds back a signed-in user who still owes the second sign-in step (docs/two-factor.md), and refuses
sign-in attempts the brake holds back (accounts/signin.py).

After the password, a user with two-factor sign-in turned on is sent to the code page from every admin
URL, and one whose group requires it to the set-up page, until they are done; the session then
remembers it (django-otp's OTPMiddleware, which must come before this one). Meanwhile the public site
treats them as a visitor, so intranet pages and private documents stay closed too.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import signin, two_factor
from accounts.upstream import unwrapped

TARGETS = {"verify": "two_factor_verify", "enrol": "two_factor_enable"}
# Reachable before the second step: the step itself, signing out, and what the admin's login-style
# pages load (icons, JavaScript translations, password reset).
OPEN_URLS = ["wagtailadmin_logout", "wagtailadmin_sprite", "wagtailadmin_javascript_catalog"]
OPEN_PREFIXES = ["wagtailadmin_password_reset"]


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = unwrapped(request.user)  # an upstream gap: accounts/upstream.py
        step = two_factor.pending_step(request.user)
        if step is None:
            return self.get_response(request)
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            request.user = AnonymousUser()
            return self.get_response(request)
        if self.is_open(request.path_info, step):
            return self.get_response(request)
        return redirect(self.step_url(request, step))

    @staticmethod
    def is_open(path, step):
        if path in {reverse(name) for name in [TARGETS[step], *OPEN_URLS]}:
            return True
        return any(path.startswith(reverse(name)) for name in OPEN_PREFIXES)

    @staticmethod
    def step_url(request, step):
        # Coming from the sign-in page (an intranet page sent them there), go on to where it was going.
        if request.path_info == reverse("wagtailadmin_login"):
            destination = request.GET.get("next", "")
        else:
            destination = request.get_full_path()
        url = reverse(TARGETS[step])
        if not destination:
            return url
        query = QueryDict(mutable=True)
        query["next"] = destination
        return f"{url}?{query.urlencode(safe='/')}"


class LoginRateLimitMiddleware:
    """Refuses sign-in attempts the brake holds back (accounts/signin.py): 429, with a Retry-After.

    It guards the forms named in `LOGIN_RATE_LIMITED_URLS` (the password and the two-factor code)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info in self.login_paths():
            if request.path_info == reverse("wagtailadmin_login"):
                username = request.POST.get("username", "")
            else:  # the code page: the user who gave the right password
                username = request.user.get_username() if request.user.is_authenticated else ""
            limit = signin.refusing_limit(request, username)
            if limit is not None:
                response = render(request, "429.html", {"minutes": limit.minutes}, status=429)
                response["Retry-After"] = str(limit.window)
                return response
        return self.get_response(request)

    @staticmethod
    def login_paths():
        return {reverse(name) for name in settings.LOGIN_RATE_LIMITED_URLS}
