"""The event pages pass the Nu HTML Checker (as every page type does in tests/home/test_html_validity.py)."""

import shutil

import pytest
from django.utils import timezone

from tests.conftest import require_services
from tests.events.helpers import DAY, HOUR, event, events_index
from tests.home.test_html_validity import nu_errors

pytestmark = pytest.mark.django_db


def test_event_index_event_page_and_home_block_are_valid_html(client, site_tree, tmp_path):
    if not shutil.which("java"):
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but Java (for the Nu HTML Checker) is missing", pytrace=False)
        pytest.skip("the Nu HTML Checker needs Java")
    home = site_tree["vi"]
    page = event(
        home,
        "Hội thi Tin học trẻ",
        "tin-hoc-tre",
        5 * DAY,
        end=5 * DAY + 4 * HOUR,
        place="Phòng máy 2",
        eligibility="Học sinh khối 10",
        registration_deadline=timezone.now() + 2 * DAY,
        registration_url="https://forms.example.org/tin-hoc",
        results="<p>Ba đội đạt giải.</p>",
        winners=[{"placement": "Giải Nhất", "name": "Đội 10A1"}],
    )
    event(home, "Lễ khai giảng", "khai-giang", -30 * DAY, kind="school-event")
    files = []
    for name, address in (("index", events_index(home).url), ("event", page.url), ("home", "/vi/")):
        response = client.get(address)
        assert response.status_code == 200
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = nu_errors(files)
    assert not any(errors[path.name] for path in files), errors
