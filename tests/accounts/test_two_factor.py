"""Optional two-factor sign-in for the admin, driven through the admin pages with real TOTP codes."""

import re
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts import two_factor
from accounts.upstream import unwrapped
from core.bootstrap import APPROVERS
from editorial.audit import read_entries
from editorial.models import IntranetPage
from tests.factories import publish_child, section

pytestmark = pytest.mark.django_db

PASSWORD = "mật-khẩu-đủ-dài-2026"
WRONG_CODE_MESSAGE = "This code is wrong or has already been used. Enter the code your app shows now."


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp makes a device wait 1, 2, 4… seconds after each wrong code; a test types faster than a
    person, so the tests that follow a wrong code by a right one turn that off (one test turns it up)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def client():
    """Each test signs in from its own address, so the shared sign-in rate limit never carries over."""
    return Client(REMOTE_ADDR=f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")


def make_user(*groups, superuser=True):
    username = f"cb-{uuid.uuid4().hex[:8]}"
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@thptlak.edu.vn", PASSWORD)
    else:
        user = User.objects.create_user(username, f"{username}@thptlak.edu.vn", PASSWORD)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def enrolled_user():
    user = make_user()
    device = TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    return user, device, two_factor.issue_backup_codes(user)


def code_for(device, step=None):
    """The code the user's app would show: the earliest step the device still accepts (never a spent one)."""
    device.refresh_from_db()
    if step is None:
        now = (int(time.time()) - device.t0) // device.step
        step = max(device.last_t + 1, now + device.drift - device.tolerance)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def wrong_code(device):
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    accepted = {code_for(device, step) for step in range(now - 2, now + 3)}
    return next(code for code in (f"{n:06d}" for n in range(123456, 999999, 111)) if code not in accepted)


def sign_in(client, user):
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step should succeed"


def verify(client, code, next_url="/admin/"):
    return client.post(reverse("two_factor_verify"), {"code": code, "next": next_url})


def in_vietnamese(message):
    with translation.override("vi"):
        return gettext(message)


def page_text(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def logged_actions(user):
    return list(ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))


def test_account_page_offers_two_factor_and_a_user_without_it_signs_in_as_before(client):
    user = make_user()
    sign_in(client, user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    account = client.get(reverse("wagtailadmin_account"))
    assert reverse("two_factor") in account.content.decode()
    assert in_vietnamese("Two-factor authentication") in page_text(account)
    status = client.get(reverse("two_factor"))
    assert reverse("two_factor_enable") in status.content.decode()


def test_enrolment_needs_a_right_code_then_shows_ten_backup_codes_once(client, django_capture_on_commit_callbacks):
    user = make_user()
    sign_in(client, user)
    page = client.get(reverse("two_factor_enable"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    html = page.content.decode()
    assert "<svg" in html and 'class="two-factor-qr"' in html  # inline: no image request for the CSP to block
    assert two_factor.formatted_secret(device) in html
    assert "no-store" in page["Cache-Control"]

    again = client.get(reverse("two_factor_enable"))  # a reload keeps the key already scanned
    assert two_factor.formatted_secret(device) in again.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1

    refused = client.post(reverse("two_factor_enable"), {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert in_vietnamese(WRONG_CODE_MESSAGE) in page_text(refused)
    device.refresh_from_db()
    assert not device.confirmed

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("two_factor_enable"), {"code": code_for(device)})
    assert confirmed.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", confirmed.content.decode())
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(shown) == 10 and set(shown) == stored
    assert two_factor.ENABLED_ACTION in logged_actions(user)
    mirrored = [e for e in read_entries() if e["action"] == two_factor.ENABLED_ACTION and e["user_id"] == user.pk]
    assert mirrored, "the enabling reaches the JSON-lines audit mirror"

    # The session that proved the code is verified; the status page no longer shows any code.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    status = client.get(reverse("two_factor"))
    assert not any(code in status.content.decode() for code in shown)
    assert client.get(reverse("two_factor_enable")).status_code == 302  # already on


def test_sign_in_asks_for_the_code_before_any_admin_page(client):
    user, device, _codes = enrolled_user()
    sign_in(client, user)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root"), reverse("wagtailadmin_account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify") + "?next=")
    assert client.get(reverse("two_factor_verify")).status_code == 200

    refused = verify(client, wrong_code(device))
    assert refused.status_code == 200
    assert in_vietnamese(WRONG_CODE_MESSAGE) in page_text(refused)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert two_factor.VERIFY_FAILED_ACTION in logged_actions(user)

    accepted = verify(client, code_for(device), next_url=reverse("wagtailadmin_explore_root"))
    assert accepted.status_code == 302 and accepted["Location"] == reverse("wagtailadmin_explore_root")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_until_the_code_the_intranet_stays_closed_then_opens(client, site_tree):
    intranet = section(site_tree["vi"], "noi-bo")
    page = publish_child(intranet, IntranetPage(title="Lịch họp hội đồng", slug="lich-hop", summary="Nội bộ."))
    user, device, _codes = enrolled_user()
    sign_in(client, user)

    closed = client.get(page.url)
    assert closed.status_code == 302 and closed["Location"].startswith(reverse("wagtailadmin_login"))
    to_code = client.get(closed["Location"])
    assert to_code.status_code == 302
    assert to_code["Location"].startswith(reverse("two_factor_verify"))

    accepted = client.post(to_code["Location"], {"code": code_for(device), "next": page.url})
    assert accepted["Location"] == page.url
    opened = client.get(page.url)
    assert opened.status_code == 200 and "Lịch họp hội đồng" in opened.content.decode()


def test_a_code_cannot_be_used_twice(client):
    user, device, _codes = enrolled_user()
    sign_in(client, user)
    code = code_for(device)
    assert verify(client, code).status_code == 302
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, user)
    replayed = verify(client, code)
    assert replayed.status_code == 200
    assert in_vietnamese(WRONG_CODE_MESSAGE) in page_text(replayed)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    assert verify(client, code_for(device)).status_code == 302  # the app's next code works


def test_a_backup_code_works_once(client):
    user, _device, codes = enrolled_user()
    sign_in(client, user)
    accepted = verify(client, codes[3].upper())  # typed from paper: case does not matter
    assert accepted.status_code == 302
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    with translation.override("vi"):
        left = translation.ngettext(
            "You signed in with a backup code; %(count)d is left. Make new ones in your account.",
            "You signed in with a backup code; %(count)d are left. Make new ones in your account.",
            9,
        ) % {"count": 9}
    assert left in page_text(home)
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, user)
    again = verify(client, codes[3])
    assert again.status_code == 200
    assert in_vietnamese(WRONG_CODE_MESSAGE) in page_text(again)
    assert verify(client, codes[4]).status_code == 302


def test_new_backup_codes_replace_the_old_ones(client):
    user, device, old_codes = enrolled_user()
    sign_in(client, user)
    verify(client, code_for(device))
    response = client.post(reverse("two_factor_backup_codes"), {"code": code_for(device)})
    assert response.status_code == 200
    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert two_factor.BACKUP_CODES_ACTION in logged_actions(user)
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, user)
    assert verify(client, old_codes[0]).status_code == 200  # refused
    assert verify(client, new_codes[0]).status_code == 302


def test_turning_it_off_needs_a_code_and_then_the_password_is_enough(client):
    user, device, codes = enrolled_user()
    sign_in(client, user)
    verify(client, code_for(device))

    assert client.get(reverse("two_factor_disable")).status_code == 200
    refused = client.post(reverse("two_factor_disable"), {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()

    turned_off = client.post(reverse("two_factor_disable"), {"code": codes[0]})  # a backup code will do
    assert turned_off.status_code == 302 and turned_off["Location"] == reverse("two_factor")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert two_factor.DISABLED_ACTION in logged_actions(user)
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_required_group_must_enrol_before_using_the_admin(client, settings):
    settings.REQUIRE_2FA_GROUPS = [APPROVERS]
    user = make_user(APPROVERS, superuser=False)
    sign_in(client, user)
    blocked = client.get(reverse("wagtailadmin_explore_root"))
    assert blocked.status_code == 302
    assert blocked["Location"] == reverse("two_factor_enable") + "?next=" + reverse("wagtailadmin_explore_root")
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("two_factor_enable"))

    enrol_url = blocked["Location"]
    page = client.get(enrol_url)
    assert page.status_code == 200
    with translation.override("vi"):
        assert gettext("Your group must use two-factor authentication. Set it up to continue to the admin.") in (
            page_text(page)
        )
    device = TOTPDevice.objects.get(user=user)
    done = client.post(enrol_url, {"code": code_for(device)})
    assert done.status_code == 200
    assert f'href="{reverse("wagtailadmin_explore_root")}"' in done.content.decode()  # carries on where it was going
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 200

    # Their group keeps it on.
    assert client.get(reverse("two_factor_disable")).status_code == 302
    assert client.post(reverse("two_factor_disable"), {"code": code_for(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    other = Client(REMOTE_ADDR="198.18.251.1")
    outsider = make_user()
    sign_in(other, outsider)
    assert other.get(reverse("wagtailadmin_home")).status_code == 200


def test_repeated_wrong_codes_lock_the_address_out(client):
    user, device, _codes = enrolled_user()
    sign_in(client, user)
    for _ in range(10):
        assert verify(client, wrong_code(device)).status_code == 200

    locked = verify(client, code_for(device))
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    assert in_vietnamese("Too many sign-in attempts") in page_text(locked)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # still not through

    elsewhere = Client(REMOTE_ADDR="198.18.252.1")
    sign_in(elsewhere, user)
    assert verify(elsewhere, code_for(device)).status_code == 302


def test_the_device_itself_slows_down_guessing(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 600
    user, device, _codes = enrolled_user()
    sign_in(client, user)
    verify(client, wrong_code(device))
    slowed = verify(client, code_for(device))
    assert slowed.status_code == 200
    assert re.search(r"\d+", page_text(slowed))
    errors = slowed.context["form"].errors["code"]
    assert errors.as_data()[0].code == "throttled"
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_saving_account_settings_is_still_audited(client):
    """OTPMiddleware wraps the user twice; the middleware unwraps it so Wagtail's own log calls still work."""
    user = make_user()
    sign_in(client, user)
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Lan",
            "name_email-last_name": "Nguyễn",
            "name_email-email": user.email,
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    assert response.status_code == 302
    assert "wagtail.edit" in logged_actions(user)


def test_upstream_gap_wagtail_log_sees_through_one_lazy_object_only():
    """Why accounts.middleware unwraps request.user (accounts/upstream.py). When this fails, Wagtail looks
    through nested lazy objects (or django-otp stops nesting them) and `unwrapped` can go."""
    from django.utils.functional import SimpleLazyObject
    from wagtail.log_actions import log

    user = make_user()
    single = SimpleLazyObject(lambda: user)
    nested = SimpleLazyObject(lambda: SimpleLazyObject(lambda: user))
    assert single.pk == nested.pk == user.pk  # evaluated, as request.user is by the time a view logs
    assert log(single, "wagtail.edit", user=user) is not None
    assert log(nested, "wagtail.edit", user=user) is None
    assert log(unwrapped(nested), "wagtail.edit", user=user) is not None  # ours
