"""The yearly communications report: the admin page with its counts, the PDF and XLSX, bad periods, who may see
it, a bounded number of queries, and sections added by other apps through the hook."""

import io
import unicodedata

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from pypdf import PdfReader
from wagtail import hooks

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from reports.sections import HOOK_NAME, ReportSection, ReportTable
from tests.reports.data import QUERY, make_records

pytestmark = pytest.mark.django_db
URL = "/admin/reports/communications/"


@pytest.fixture
def board(member, site_tree, as_user):
    return as_user(member("truyenthong", REVIEWERS))


@pytest.fixture
def records(site_tree):
    make_records(site_tree["vi"])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def figures(page, key):
    """{label: value} of a section's key figures."""
    rows = page.select(f"#section-{key} table[data-figures] tr")
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows}


def row_of(page, key, first_cell):
    for row in page.select(f"#section-{key} > table:not([data-figures]) tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in section {key}")


def test_the_page_counts_what_happened_in_the_period_per_section(board, records):
    response = board.get(URL, QUERY)
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH ĐẮK LẮK" in text and "TRƯỜNG THPT LẮK" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập – Tự do – Hạnh phúc" in text
    assert "BÁO CÁO" in text and page.select_one("#report-period").get_text() == "1/1/2025 – 30/6/2025"
    assert "Nơi nhận:" in text and "HIỆU TRƯỞNG" in text

    plan = figures(page, "plan")
    assert plan["Số tin bài đã đăng"] == "3"  # two articles and the Facebook post; the 2024 article is outside
    policy = row_of(page, "plan", "Chủ trương, chính sách, chỉ đạo")
    assert policy[1] == "1" and policy[4] == "1" and policy[5] == "12"  # website, published, target 2 × 6 months

    anniversaries = figures(page, "anniversaries")
    assert anniversaries["Đã đưa tin (có tin bài đã đăng)"] == "1"
    assert row_of(page, "anniversaries", "10/3/2025")[3] == "Đã đưa tin"

    feedback = figures(page, "feedback")
    assert feedback["Số ý kiến đã nhận"] == "5"  # the one of 31/12/2024 is outside
    assert feedback["Đã trả lời"] == "4" and feedback["Đang mở và quá hạn"] == "1"
    assert feedback["Trả lời sau hạn"] == "1"
    question = row_of(page, "feedback", "Câu hỏi")
    assert question[1:6] == ["2", "2", "0", "0", "20,0"]  # median of 10 and 30 hours

    consultations = figures(page, "consultations")
    assert consultations["Số cuộc lấy ý kiến trong kỳ"] == "1" and consultations["Số ý kiến đã nhận"] == "1"
    assert "Nội quy được sửa" in " ".join(row_of(page, "consultations", "Lấy ý kiến noi-quy-0"))

    incidents = figures(page, "incidents")
    assert incidents["Sự cố phát hiện"] == "1" and incidents["Đã xử lý xong hoặc đóng"] == "1"
    assert row_of(page, "incidents", "2/4/2025")[4] == "2/2"


def test_charts_are_accessible_svg_with_a_table_alternative(board, records):
    page = soup(board.get(URL, QUERY))
    charts = page.select("figure.report-chart")
    assert charts
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "img" and svg.find("title").get_text() and svg.find("desc").get_text()
        assert chart.find("details").find("table")
    plan_chart = page.select_one("#plan-chart-0")
    assert plan_chart.select("line")  # the targets are marked


def test_the_pdf_has_the_header_sections_and_figures_in_vietnamese(board, records):
    response = board.get(reverse("reports_pdf"), QUERY)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(unicodedata.normalize("NFC", " ".join(page.extract_text() for page in reader.pages)).split())
    for expected in [
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH ĐẮK LẮK",
        "TRƯỜNG THPT LẮK",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Kết quả thực hiện kế hoạch truyền thông",
        "1/1/2025 – 30/6/2025",
        "Đăng tin theo chuyên mục của kế hoạch",
        "Góp ý của người dân",
        "Sự cố truyền thông",
        "Số ý kiến đã nhận: 5",
        "Nơi nhận:",
        "HIỆU TRƯỞNG",
    ]:
        assert expected in text, expected


def test_the_xlsx_has_a_sheet_per_section_with_its_numbers(board, records):
    response = board.get(reverse("reports_xlsx"), QUERY)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    names = workbook.sheetnames
    assert names[0] == "Báo cáo"
    assert {"Góp ý của người dân", "Sự cố truyền thông", "Các đợt lấy ý kiến công khai"} <= set(names)
    cover = [cell for row in workbook["Báo cáo"].iter_rows(values_only=True) for cell in row if cell]
    assert "TRƯỜNG THPT LẮK" in cover and "1/1/2025 – 30/6/2025" in cover
    rows = {}
    for row in workbook["Góp ý của người dân"].iter_rows(values_only=True):
        rows.setdefault(row[0], row[1:])  # the first row of that name (the chart's figures come after the table)
    assert rows["Số ý kiến đã nhận"][0] == 5
    assert rows["Câu hỏi"][:5] == (2, 2, 0, 0, 20.0)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"period": "custom", "start": "2025-06-30", "end": "2025-01-01"}, "Ngày bắt đầu không được sau ngày kết thúc"),
        ({"period": "custom", "start": "31/02/2025", "end": "2025-06-30"}, "Hãy viết ngày theo dạng ngày/tháng/năm"),
        ({"period": "custom", "start": "2000-01-01", "end": "2025-06-30"}, "không quá năm năm"),
        ({"period": "custom", "start": "0999-01-01", "end": "2025-06-30"}, "từ năm 1900 đến năm 2199"),
        ({"period": "school-year", "school_year": "2025-2024"}, "hai năm liên tiếp"),
    ],
)
def test_a_bad_period_is_a_400_with_a_vietnamese_message(board, query, message):
    response = board.get(URL, query)
    assert response.status_code == 400
    assert message in soup(response).select_one("#report-error").get_text()
    for name in ("reports_pdf", "reports_xlsx"):
        export = board.get(reverse(name), query)
        assert export.status_code == 400 and message in export.content.decode()


def test_the_default_period_is_the_current_plans_and_a_school_year_runs_september_to_august(board):
    page = soup(board.get(URL))
    assert "kế hoạch" in page.select_one("#report-period").get_text()
    page = soup(board.get(URL, {"period": "school-year", "school_year": "2024-2025"}))
    assert page.select_one("#report-period").get_text() == "Năm học 2024–2025 (1/9/2024 – 31/8/2025)"


def test_who_may_see_the_report(client, member, site_tree):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(member("bientap", EDITORS))
    response = client.get(URL)
    assert response.status_code == 403 and "Bạn không có quyền xem báo cáo truyền thông" in response.content.decode()
    assert client.get(reverse("reports_pdf")).status_code == 403
    client.force_login(member("hieutruong", APPROVERS))
    assert client.get(URL).status_code == 200
    menu = client.get("/admin/").content.decode()
    assert URL in menu


def test_the_query_count_does_not_grow_with_the_records(board, site_tree):
    make_records(site_tree["vi"], copies=1)
    with CaptureQueriesContext(connection) as few:
        assert board.get(URL, QUERY).status_code == 200
    make_records(site_tree["vi"], copies=4, first=1)
    with CaptureQueriesContext(connection) as many:
        assert board.get(URL, QUERY).status_code == 200
    assert len(many) <= len(few), [query["sql"] for query in many.captured_queries]


def test_a_section_registered_by_another_app_appears_in_every_format(board):
    def radio_section(period):
        table = ReportTable(title="Bản tin", headers=["Đài", "Số bản tin"], rows=[["Đài PT-TH Đắk Lắk", 7]])
        return ReportSection(key="radio", order=65, title="Phát thanh", figures=[("Số bản tin", 7)], tables=[table])

    with hooks.register_temporarily(HOOK_NAME, radio_section):
        page = soup(board.get(URL, QUERY))
        workbook = openpyxl.load_workbook(io.BytesIO(board.get(reverse("reports_xlsx"), QUERY).content))
    assert figures(page, "radio") == {"Số bản tin": "7"}
    keys = [section["id"] for section in page.select("section.report-section")]
    assert keys.index("section-radio") == keys.index("section-feedback") + 1  # sorted by order: 60, 65, 70
    assert "Phát thanh" in workbook.sheetnames


@override_settings(REPORT_FONT_DIR="/nonexistent/fonts")
def test_a_missing_font_is_said_clearly(board):
    response = board.get(reverse("reports_pdf"), QUERY)
    assert response.status_code == 503
    assert "/nonexistent/fonts/NotoSans-Regular.ttf" in response.content.decode()
