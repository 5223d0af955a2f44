"""The sign-in brake: failed sign-ins counted per address and per user name (docs/two-factor.md).

Failures are wrong passwords on the sign-in page and wrong two-factor codes on the code page. They are
counted in the shared cache (accounts/ratelimit.py), so the brake holds whichever gunicorn worker or
host answers, and refused with 429 by `accounts.middleware.LoginRateLimitMiddleware`:

* **per address** (`RATE_LIMITS["signin-address"]`, 10 in 15 minutes): one attacker guessing many
  user names, or one name many times, is refused every sign-in until the window ends;
* **per user name** (`RATE_LIMITS["signin-username"]`, 10 in 15 minutes, from any addresses): many
  addresses guessing one account. Then only the addresses that have themselves failed on that name
  within the window are refused for it; from any other address the right password still signs in.
  So a botnet gets one guess per address per window instead of ten, and nobody can lock a colleague
  out of their own account by failing on purpose.
"""

from accounts.ratelimit import RateLimit, client_address


def per_address():
    return RateLimit.named("signin-address")


def per_username():
    return RateLimit.named("signin-username")


def per_username_and_address():
    """Failures on one name from one address, counted over the per-name window."""
    name = per_username()
    return RateLimit("signin-username-address", 1, name.window)


def normalise(username):
    return (username or "").strip().lower()


def _pair(username, address):
    return f"{username}\n{address}"


def record_failure(request, username):
    """One more failed sign-in step (a password or a two-factor code) for `username` from the request."""
    address = client_address(request)
    per_address().hit(address)
    username = normalise(username)
    if username:
        per_username().hit(username)
        per_username_and_address().hit(_pair(username, address))


def refusing_limit(request, username):
    """The limit that refuses this sign-in attempt, or None when it may go ahead."""
    address = client_address(request)
    limit = per_address()
    if limit.exceeded(address):
        return limit
    username = normalise(username)
    if username and per_username().exceeded(username):
        if per_username_and_address().exceeded(_pair(username, address)):
            return per_username()
    return None


def record_login_failure(sender, credentials=None, request=None, **kwargs):
    """Receiver of Django's `user_login_failed`: a wrong password (or an unknown user name)."""
    if request is not None:
        record_failure(request, (credentials or {}).get("username", ""))
