"""Bad input in the press register as staff meet it in the Vietnamese admin: links that are not web addresses,
pasted walls of text, times in the future, an answer recorded without who gave it, an answerer whose
authorisation had ended (Decree 09/2017/ND-CP). Each is refused with a Vietnamese message and a form that keeps
what was typed; what was saved before stays as it was."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from press.register import LONG_TEXT, AuthorisedSpeaker, EnquiryStatus, PressCoverage, PressEnquiry, SpeakerRole
from tests.press.test_register_admin import COVERAGE_URL, ENQUIRY_URL, admin_time, coverage_data, enquiry_data

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REFUSED = "Chỉ người phát ngôn hoặc người được Hiệu trưởng ủy quyền"


def refused(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html or message in html, message
    return html


@pytest.mark.parametrize("link", ["ftp://example.com/bai-bao", "javascript:alert(1)", "bài báo trên mạng"])
def test_a_link_that_is_not_a_web_address_is_refused(board, link):
    html = refused(
        board.post(COVERAGE_URL + "new/", coverage_data(url=link)),
        "Nhập địa chỉ đầy đủ của bài báo, bắt đầu bằng https:// (hoặc http://).",
    )
    assert "Trường THPT Lắk khai giảng năm học mới" in html
    assert not PressCoverage.objects.exists()


def test_a_wall_of_pasted_text_is_refused_and_the_saved_record_is_kept(board):
    assert board.post(COVERAGE_URL + "new/", coverage_data(notes="Ghi chú ban đầu")).status_code == 302
    coverage = PressCoverage.objects.get()
    response = board.post(
        f"{COVERAGE_URL}edit/{coverage.pk}/", coverage_data(notes="x" * (LONG_TEXT + 1), title="Tiêu đề mới")
    )
    refused(response, f"tối đa {LONG_TEXT} kí tự")
    coverage.refresh_from_db()
    assert coverage.notes == "Ghi chú ban đầu" and coverage.title == "Trường THPT Lắk khai giảng năm học mới"
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(question="x" * (LONG_TEXT + 1)))
    refused(response, f"tối đa {LONG_TEXT} kí tự")
    assert not PressEnquiry.objects.exists()


def test_an_enquiry_cannot_be_received_or_answered_in_the_future(board, spokesperson):
    later = timezone.now() + 3 * DAY
    data = enquiry_data(received_at=admin_time(later), deadline=admin_time(later + DAY))
    refused(board.post(ENQUIRY_URL + "new/", data), "Thời điểm nhận câu hỏi không thể ở tương lai.")
    data = enquiry_data(
        answerer=spokesperson.pk, status="answered", answer="Đã trả lời.", answered_at=admin_time(later)
    )
    refused(board.post(ENQUIRY_URL + "new/", data), "Thời điểm trả lời không thể ở tương lai.")
    assert not PressEnquiry.objects.exists()


def test_an_answer_is_recorded_only_with_who_gave_it(board, spokesperson):
    data = enquiry_data(status="answered", answer="Đã trả lời qua điện thoại.")
    html = refused(board.post(ENQUIRY_URL + "new/", data), "Hãy chọn người đã trả lời")
    assert "Đã trả lời qua điện thoại." in html
    assert not PressEnquiry.objects.exists()


def test_only_people_who_may_speak_are_offered_as_answerer(board, member, spokesperson):
    teacher = member("giaovien", first_name="Lan", last_name="Phạm Thị")
    deputy = member("phohieutruong", first_name="Nam", last_name="Đặng Văn")
    AuthorisedSpeaker.objects.create(user=deputy, role=SpeakerRole.DEPUTY, authorised_by="Hiệu trưởng")
    form = board.get(ENQUIRY_URL + "new/").context["form"]
    assert set(form.fields["answerer"].queryset) == {spokesperson, deputy}
    # A forged choice gets the Decree's rule, not a generic message.
    refused(board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=teacher.pk)), REFUSED)
    assert not PressEnquiry.objects.exists()


def test_an_answer_given_after_the_authorisation_ended_is_refused(board, member):
    deputy = member("phohieutruong", first_name="Nam", last_name="Đặng Văn")
    today = timezone.localdate()
    AuthorisedSpeaker.objects.create(
        user=deputy, authorised_by="Hiệu trưởng", valid_from=today - 30 * DAY, valid_until=today - 2 * DAY
    )
    received = timezone.now() - 10 * DAY
    # Assigned while the authorisation was valid; it has ended since.
    enquiry = PressEnquiry.objects.create(
        outlet="Báo A",
        journalist="A",
        subject="Tuyển sinh lớp 10",
        received_at=received,
        deadline=received + 5 * DAY,
        answerer=deputy,
        status=EnquiryStatus.ANSWERING,
    )
    data = enquiry_data(
        subject=enquiry.subject,
        received_at=admin_time(received),
        deadline=admin_time(received + 5 * DAY),
        answerer=deputy.pk,
        status="answered",
        answer="Trả lời hôm nay.",
    )
    html = refused(board.post(f"{ENQUIRY_URL}edit/{enquiry.pk}/", data), REFUSED)
    assert "Trả lời hôm nay." in html
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.ANSWERING and enquiry.answer == ""
    # Recorded afterwards, an answer given while the authorisation was valid is accepted.
    data.update(answer="Đã trả lời khi còn được ủy quyền.", answered_at=admin_time(received + DAY))
    assert board.post(f"{ENQUIRY_URL}edit/{enquiry.pk}/", data).status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.ANSWERED and enquiry.answerer == deputy


def test_an_enquiry_received_in_year_one_is_refused_not_a_server_error(board):
    """Year 1 passes a date parser but cannot be converted to UTC on saving (core/admin_dates.py)."""
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(received_at="01/01/0001 08:00"))
    refused(response, "Hãy chọn ngày trong khoảng từ năm 1900 đến năm 2199.")
    assert not PressEnquiry.objects.exists()
