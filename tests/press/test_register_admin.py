"""The press register in the admin: bad input gets a Vietnamese message and keeps what was typed, only the
spokesperson or an authorised speaker answers an enquiry, only the communications board and the leadership
see the register, and overdue enquiries can be listed."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import escape

from core.bootstrap import APPROVERS, EDITORS, REVIEWERS
from feedback.records import Feedback
from press.register import AuthorisedSpeaker, EnquiryStatus, PressCoverage, PressEnquiry, SpeakerRole

pytestmark = pytest.mark.django_db

COVERAGE_URL = "/admin/press/coverage/"
ENQUIRY_URL = "/admin/press/enquiries/"
SPEAKER_URL = "/admin/press/speakers/"


def admin_time(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def coverage_data(**changes):
    data = {
        "outlet": "Báo Đắk Lắk",
        "title": "Trường THPT Lắk khai giảng năm học mới",
        "url": "https://example.com/bao-dak-lak/khai-giang",
        "published_on": timezone.localdate().strftime("%d/%m/%Y"),
        "channel": "newspaper",
        "tone": "positive",
        "incident": "",
        "feedback": "",
        "response": "",
        "notes": "",
    }
    data.update(changes)
    return data


def enquiry_data(**changes):
    now = timezone.now()
    data = {
        "outlet": "Báo Giáo dục và Thời đại",
        "journalist": "Trần Thị Thu",
        "contact": "0912 345 678",
        "subject": "Chuẩn bị thi tốt nghiệp",
        "question": "Nhà trường chuẩn bị thế nào?",
        "received_at": admin_time(now),
        "deadline": admin_time(now + datetime.timedelta(days=2)),
        "answerer": "",
        "status": "new",
        "answer": "",
        "answered_at": "",
    }
    data.update(changes)
    return data


def test_a_coverage_record_is_saved_with_who_recorded_it(board):
    response = board.post(COVERAGE_URL + "new/", coverage_data())
    assert response.status_code == 302
    coverage = PressCoverage.objects.get()
    assert coverage.recorded_by.username == "bantt" and coverage.tone == "positive"
    inspect = board.get(f"{COVERAGE_URL}inspect/{coverage.pk}/").content.decode()
    assert "Người ghi nhận" in inspect and "Bantt" in inspect and "Thời điểm ghi nhận" in inspect


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"url": "bài báo trên mạng"}, "url", "Nhập địa chỉ đầy đủ của bài báo, bắt đầu bằng https://"),
        (
            {"published_on": (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")},
            "published_on",
            "Ngày đăng không thể ở tương lai.",
        ),
    ],
)
def test_bad_coverage_input_is_refused_in_vietnamese_and_nothing_typed_is_lost(board, changes, field, message):
    response = board.post(COVERAGE_URL + "new/", coverage_data(**changes))
    assert response.status_code == 200
    assert not PressCoverage.objects.exists()
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert escape(message) in html or message in html
    assert "Trường THPT Lắk khai giảng năm học mới" in html  # what the user typed is still in the form


def test_a_deadline_before_the_enquiry_was_received_is_refused(board):
    now = timezone.now()
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(deadline=admin_time(now - datetime.timedelta(days=1))))
    assert response.status_code == 200
    assert "Hạn trả lời không thể trước thời điểm nhận câu hỏi." in response.content.decode()
    assert "Chuẩn bị thi tốt nghiệp" in response.content.decode()
    assert not PressEnquiry.objects.exists()


def test_only_the_spokesperson_or_a_currently_authorised_speaker_may_answer(board, member, spokesperson):
    teacher = member("giaovien")
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=teacher.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ người phát ngôn hoặc người được Hiệu trưởng ủy quyền" in html and "09/2017/NĐ-CP" in html
    assert not PressEnquiry.objects.exists()

    # An authorisation that has ended does not count; one valid today does.
    AuthorisedSpeaker.objects.create(
        user=teacher,
        role=SpeakerRole.AUTHORISED,
        authorised_by="Hiệu trưởng",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 12, 31),
    )
    assert board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=teacher.pk)).status_code == 200
    AuthorisedSpeaker.objects.create(
        user=teacher, role=SpeakerRole.DEPUTY, authorised_by="Hiệu trưởng", valid_from=timezone.localdate()
    )
    assert board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=teacher.pk)).status_code == 302
    # The spokesperson named in the school settings needs no authorisation.
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=spokesperson.pk, subject="Tuyển sinh"))
    assert response.status_code == 302
    assert PressEnquiry.objects.count() == 2


def test_an_answered_enquiry_needs_its_answer_and_records_when(board, spokesperson):
    response = board.post(ENQUIRY_URL + "new/", enquiry_data(answerer=spokesperson.pk, status="answered"))
    assert response.status_code == 200
    assert "Hãy ghi câu trả lời đã đưa ra" in response.content.decode()
    data = enquiry_data(answerer=spokesperson.pk, status="answered", answer="Đã trả lời qua điện thoại.")
    assert board.post(ENQUIRY_URL + "new/", data).status_code == 302
    enquiry = PressEnquiry.objects.get()
    assert enquiry.answered_at is not None and enquiry.answered_on_time


def test_a_speaker_needs_a_name_and_an_end_after_the_start(board):
    response = board.post(
        SPEAKER_URL + "new/",
        {
            "user": "",
            "name": "",
            "position": "Tổ trưởng",
            "role": "authorised",
            "authorised_by": "Hiệu trưởng",
            "decision": "",
            "valid_from": "10/09/2024",
            "valid_until": "01/09/2024",
            "scope": "Thi cử",
            "phone": "",
            "email": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy ghi tên người được ủy quyền hoặc chọn tài khoản của họ." in html
    assert "Thời hạn ủy quyền không thể kết thúc trước khi bắt đầu." in html
    assert not AuthorisedSpeaker.objects.exists()


def test_the_overdue_filter_lists_only_open_enquiries_past_their_deadline(board):
    now = timezone.now()
    received = now - datetime.timedelta(days=5)
    late = PressEnquiry.objects.create(
        outlet="Báo A",
        journalist="A",
        subject="Câu hỏi quá hạn",
        received_at=received,
        deadline=now - datetime.timedelta(days=1),
    )
    PressEnquiry.objects.create(
        outlet="Báo B",
        journalist="B",
        subject="Câu hỏi còn hạn",
        received_at=received,
        deadline=now + datetime.timedelta(days=1),
    )
    PressEnquiry.objects.create(
        outlet="Báo C",
        journalist="C",
        subject="Câu hỏi đã trả lời",
        received_at=received,
        deadline=now - datetime.timedelta(days=1),
        status=EnquiryStatus.ANSWERED,
        answer="Đã trả lời.",
    )
    html = board.get(ENQUIRY_URL + "?overdue=true").content.decode()
    assert late.subject in html and "Câu hỏi còn hạn" not in html and "Câu hỏi đã trả lời" not in html
    assert "(quá hạn)" in html
    everything = board.get(ENQUIRY_URL).content.decode()
    assert "Câu hỏi còn hạn" in everything and "Câu hỏi đã trả lời" in everything


def test_an_editor_without_the_permission_is_refused_and_anonymous_visitors_see_no_enquiry(
    client, site_tree, member, as_user
):
    PressEnquiry.objects.create(
        outlet="Báo A", journalist="A", subject="Câu hỏi nội bộ", deadline=timezone.now() + datetime.timedelta(days=1)
    )
    anonymous = client.get(ENQUIRY_URL)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    page = client.get("/vi/thong-tin-cho-bao-chi/")
    assert page.status_code == 200 and "Câu hỏi nội bộ" not in page.content.decode()

    editor = as_user(member("bientap", EDITORS))
    for url in (ENQUIRY_URL, ENQUIRY_URL + "new/", COVERAGE_URL, SPEAKER_URL):
        response = editor.get(url)
        assert response.status_code == 403, url
        assert "do Ban truyền thông và Ban giám hiệu quản lý" in response.content.decode()
    assert ENQUIRY_URL not in editor.get("/admin/").content.decode()  # no menu entry either
    assert editor.post(COVERAGE_URL + "new/", coverage_data()).status_code == 403
    assert not PressCoverage.objects.exists()


def test_the_board_and_the_leadership_keep_the_register(site_tree, member, as_user):
    for group in (REVIEWERS, APPROVERS):
        assert Group.objects.get(name=group).permissions.filter(codename="change_pressenquiry").exists()
    leader = as_user(member("hieupho", APPROVERS))
    html = leader.get("/admin/").content.decode()  # the sidebar menu lists the register
    assert ENQUIRY_URL in html and COVERAGE_URL in html and SPEAKER_URL in html
    assert leader.get(ENQUIRY_URL).status_code == 200


def test_related_feedback_is_given_by_its_reference_code(board):
    feedback = Feedback(subject="Phản ánh thu tiền", message="Nội dung")
    feedback.save()
    response = board.post(COVERAGE_URL + "new/", coverage_data(feedback="GY-1999-000000"))
    assert response.status_code == 200
    assert "Không có góp ý nào mang mã này." in response.content.decode()
    assert not PressCoverage.objects.exists()
    assert board.post(COVERAGE_URL + "new/", coverage_data(feedback=f" {feedback.reference} ")).status_code == 302
    coverage = PressCoverage.objects.get()
    assert coverage.feedback == feedback
    assert f'value="{feedback.reference}"' in board.get(f"{COVERAGE_URL}edit/{coverage.pk}/").content.decode()


def test_a_record_s_details_name_people_and_show_nothing_english_for_empty_fields(board, spokesperson):
    enquiry = PressEnquiry.objects.create(
        outlet="Báo A",
        journalist="A",
        subject="Câu hỏi",
        deadline=timezone.now() + datetime.timedelta(days=1),
        answerer=spokesperson,
    )
    html = board.get(f"{ENQUIRY_URL}inspect/{enquiry.pk}/").content.decode()
    details = re.findall(r"(?s)<dd>\s*(.*?)\s*</dd>", html)
    assert spokesperson.get_full_name() in details and "hieutruong" not in details
    assert "None" not in details and "—" in details  # the empty answer and answer time
