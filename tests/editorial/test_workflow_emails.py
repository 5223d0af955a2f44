"""Wagtail's moderation e-mails reach reviewers and authors in Vietnamese, greet them by their full name in the
natural order, and link to the site's public address."""

import re

import pytest
from django.core import mail

from core.bootstrap import EDITORS, REVIEWERS
from editorial.setup import REVIEW_TASK
from tests.editorial.test_workflows import decide, draft_news, submit

pytestmark = pytest.mark.django_db

PUBLIC = "https://thptlak.edu.vn"
LINK = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture
def public_address(settings):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC


@pytest.fixture
def hoa_and_minh(member):
    # As the demo stores them (core/demo.py): family and middle names first, the given name last.
    return (
        member("bientap", EDITORS, first_name="Nguyễn Thị", last_name="Hoa"),
        member("truyenthong", REVIEWERS, first_name="Trần Văn", last_name="Minh"),
    )


def only_message():
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    message = mail.outbox[0]
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    return message, html


def assert_links_are_public(message, html):
    links = LINK.findall(message.body) + [link for link in LINK.findall(html) if "w3.org" not in link]
    assert links, "the e-mail links to the page"
    assert all(link.startswith(f"{PUBLIC}/") for link in links), links


def test_submission_email_to_the_reviewer_is_vietnamese(site_tree, hoa_and_minh, as_user, public_address):
    hoa, _minh = hoa_and_minh
    page = draft_news(site_tree, title="Hội thao truyền thống", author=hoa)
    mail.outbox.clear()
    submit(as_user(hoa), page)

    message, html = only_message()
    assert message.to == ["truyenthong@thptlak.edu.vn"]
    assert message.subject == f'Trang "Hội thao truyền thống" đã được gửi duyệt ở bước "{REVIEW_TASK}"'
    assert message.body.startswith("Chào Trần Văn Minh,")
    assert "Chào Trần Văn Minh," in html
    assert "Hello" not in message.body + html
    assert f'Trang "Hội thao truyền thống" đã được gửi duyệt đến bước "{REVIEW_TASK}".' in message.body
    assert "Xem trước trang tại:" in message.body
    assert "Sửa trang tại:" in message.body
    assert "Thay đổi thiết lập nhận thông báo tại:" in message.body
    assert_links_are_public(message, html)


def test_request_for_changes_reaches_the_author_by_full_name(site_tree, hoa_and_minh, as_user, public_address):
    hoa, minh = hoa_and_minh
    page = submit(as_user(hoa), draft_news(site_tree, title="Hội thao truyền thống", author=hoa))
    mail.outbox.clear()
    decide(as_user(minh), page, "reject", "Thiếu nguồn số liệu ở đoạn hai.")

    message, html = only_message()
    assert message.to == ["bientap@thptlak.edu.vn"]
    assert message.subject.startswith('Trang "Hội thao truyền thống" bị yêu cầu chỉnh sửa')
    assert message.body.startswith("Chào Nguyễn Thị Hoa,")
    assert "Nguyễn Thị," not in message.body
    assert 'Nhận xét kèm theo: "Thiếu nguồn số liệu ở đoạn hai."' in message.body
    assert "Trần Văn Minh" in message.body
    assert_links_are_public(message, html)
