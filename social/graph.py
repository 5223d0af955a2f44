"""The one request made to Facebook: `POST {FACEBOOK_GRAPH_URL}/{FACEBOOK_PAGE_ID}/feed`.

The answer is sorted into what the sender must do next: record the post (`Sent`), stop and show Facebook's
message (`Refused`, a 4xx), or try again later (`Temporary`: no answer, a 5xx). The page token goes in the
form body only, never in a URL, a log line or an error message.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

TIMEOUT = 20  # seconds
FACEBOOK_WEB = "https://www.facebook.com"


@dataclass(frozen=True)
class Sent:
    facebook_id: str
    permalink: str


@dataclass(frozen=True)
class Refused:
    message: str


@dataclass(frozen=True)
class Temporary:
    message: str
    unreachable: bool


def configured():
    return bool(settings.FACEBOOK_PAGE_ID and settings.FACEBOOK_PAGE_TOKEN)


def feed_url():
    return f"{settings.FACEBOOK_GRAPH_URL}/{settings.FACEBOOK_PAGE_ID}/feed"


def permalink(facebook_id):
    """The post's address on Facebook: a feed post's id is `<page id>_<post id>`."""
    page_id, _sep, post_id = facebook_id.partition("_")
    return f"{FACEBOOK_WEB}/{page_id}/posts/{post_id}" if post_id else f"{FACEBOOK_WEB}/{facebook_id}"


def error_message(body):
    """Facebook's `error.message` from a JSON error body, else the start of the body."""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:300].strip()
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:1000]
    return body[:300].strip()


def hide_token(text):
    token = settings.FACEBOOK_PAGE_TOKEN
    return text.replace(token, "***") if token else text


def publish(message, link):
    """Sends one post; returns Sent, Refused or Temporary (never raises for what the network or Facebook does)."""
    data = urlencode({"message": message, "link": link, "access_token": settings.FACEBOOK_PAGE_TOKEN}).encode()
    request = urllib.request.Request(feed_url(), data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (our configured https URL)
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        text = hide_token(f"HTTP {error.code}: {error_message(body)}")
        if 400 <= error.code < 500 and error.code not in (408, 429):
            return Refused(hide_token(error_message(body)) or f"HTTP {error.code}")
        return Temporary(text, unreachable=False)
    except OSError as error:  # refused, reset, dropped, timed out, no route (URLError is one too)
        reason = getattr(error, "reason", error)
        return Temporary(hide_token(str(reason)), unreachable=True)
    try:
        facebook_id = str(json.loads(body)["id"])
    except (ValueError, KeyError, TypeError):
        # Facebook may have posted it: never try again on our own (that could post twice).
        return Refused(hide_token(f"unexpected answer: {body[:200]}"))
    return Sent(facebook_id, permalink(facebook_id))
