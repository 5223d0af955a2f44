"""Workarounds of django-otp and Wagtail gaps in signing in (docs/two-factor.md).

- django-otp's `OTPMiddleware` (django_otp/middleware.py) wraps Django's lazy `request.user` in a second lazy
  object, and Wagtail's audit log (`wagtail.log_actions.LogActionRegistry.get_log_model_for_instance`) looks
  through only one, so `log(request.user, …)` — Wagtail's own account page does it — records nothing. `unwrapped`
  (applied by accounts.middleware.TwoFactorMiddleware) hands views the user object itself. Tripwire:
  tests/accounts/test_two_factor.py `test_upstream_gap_wagtail_log_sees_through_one_lazy_object_only`.
"""

from django.utils.functional import LazyObject, empty


def unwrapped(user):
    """The user object itself, however many lazy objects wrap it."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user
