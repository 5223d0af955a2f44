"""Who the client is, and the fixed-window rate limits every limiter of the site uses.

One function says who the client is (`client_address`), and one small limiter counts in the shared cache
(`caches["default"]`: the database cache table by default, Redis with `CACHE_URL`), so a limit holds
across gunicorn workers and hosts. Used by the sign-in brake and password-reset mails (accounts/), the
feedback form, its status look-up and acknowledgement mails (feedback/). Nothing else may read
REMOTE_ADDR or X-Forwarded-For or count hits itself (tests/core/test_architecture.py). See docs/deploy.md.

A window starts at the first hit (`add`, which only one process wins) and every hit counts with the
cache's atomic `incr`; when the window ends the count disappears with the key.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


def client_address(request):
    """The visitor's address. Behind `TRUSTED_PROXY_COUNT` proxies (nginx: 1) it is the Nth address from
    the right of X-Forwarded-For, the one the outermost trusted proxy saw; whatever the client itself
    put further left is ignored. With 0 proxies, or a header too short, it is REMOTE_ADDR."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` hits per subject (an address, a user name, an e-mail address) in `window` seconds."""

    name: str
    limit: int
    window: int

    @classmethod
    def named(cls, name):
        """The limit `RATE_LIMITS[name]` = (hits, seconds) of the settings."""
        limit, window = settings.RATE_LIMITS[name]
        return cls(name, limit, window)

    def key(self, subject):
        digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{digest}"

    def count(self, subject):
        """Hits counted for `subject` in the current window."""
        return caches["default"].get(self.key(subject), 0)

    def exceeded(self, subject):
        """True once `subject` has used up its allowance (without counting a hit)."""
        return self.count(subject) >= self.limit

    def hit(self, subject):
        """Counts one hit; returns the count in the current window, this hit included."""
        cache, key = caches["default"], self.key(subject)
        cache.add(key, 0, self.window)  # the window starts at the first hit
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, self.window)
            return 1

    def allow(self, subject):
        """Counts one hit; True while it is within the allowance."""
        return self.hit(subject) <= self.limit

    @property
    def minutes(self):
        return max(1, self.window // 60)
