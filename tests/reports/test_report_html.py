"""The report page in the admin passes the Nu HTML Checker (as the public pages do in tests/home/test_html_validity.py),
with a period and with a bad one; the document number's help text is shown and described."""

import shutil

import pytest
from bs4 import BeautifulSoup

from core.bootstrap import REVIEWERS
from tests.conftest import require_services
from tests.home.test_html_validity import nu_errors
from tests.reports.data import make_records

pytestmark = pytest.mark.django_db
URL = "/admin/reports/communications/"


def test_the_report_page_is_valid_html(member, site_tree, as_user, tmp_path):
    if not shutil.which("java"):
        if require_services():
            pytest.fail("REQUIRE_SERVICES=1 but Java (for the Nu HTML Checker) is missing", pytrace=False)
        pytest.skip("the Nu HTML Checker needs Java")
    make_records(site_tree["vi"])
    client = as_user(member("truyenthong", REVIEWERS))
    files = []
    for name, query, status in (("report", "", 200), ("bad-period", "?period=custom&start=x&end=31/12/2024", 400)):
        response = client.get(URL + query)
        assert response.status_code == status
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    page = BeautifulSoup(files[0].read_text(), "html.parser")
    described = page.select_one("#id_number")["aria-describedby"]
    assert page.select_one(f"#{described}").get_text(strip=True) == "Không bắt buộc: số được cấp khi ban hành báo cáo."
    bad = BeautifulSoup(files[1].read_text(), "html.parser")
    assert "Hãy viết ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2024." in bad.get_text()
    assert not bad.select_one("#id_start").get("value") and bad.select_one("#id_end")["value"] == "2024-12-31"
    errors = nu_errors(files)
    assert not any(errors[path.name] for path in files), errors
