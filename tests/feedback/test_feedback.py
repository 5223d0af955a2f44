"""The public feedback form: storage first, reference codes, status look-up, abuse defences."""

import io
import re
import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from feedback.forms import sign_timestamp
from feedback.records import Feedback
from feedback.vocabulary import Status

pytestmark = pytest.mark.django_db

URL = "/vi/gop-y/"


def form_data(**overrides):
    data = {
        "category": "question",
        "subject": "Lịch thi học kỳ",
        "message": "Xin hỏi lịch thi học kỳ I năm nay khi nào bắt đầu?",
        "name": "Nguyễn Văn An",
        "email": "phuhuynh@example.com",
        "phone": "0912 345 678",
        "consent": "on",
        "website": "",
        "started": sign_timestamp(time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, url=URL, ip="203.0.113.10", **overrides):
    return client.post(url, form_data(**overrides), REMOTE_ADDR=ip)


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_form_is_shown_in_both_languages(client, site_tree):
    for url in (URL, "/en/feedback/"):
        body = client.get(url).content.decode()
        assert 'enctype="multipart/form-data"' in body
        assert 'name="consent"' in body and 'name="website"' in body and 'name="started"' in body


def test_valid_submission_is_stored_and_acknowledged(client, site_tree):
    response = submit(client)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert re.fullmatch(r"GY-\d{4}-\d{6}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}", feedback.reference)
    assert response["Location"] == f"{URL}cam-on/?ma={feedback.reference}"
    assert feedback.status == Status.NEW and feedback.channel == "web" and feedback.language == "vi"
    assert feedback.due_date is not None
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert feedback.reference in thanks.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["phuhuynh@example.com"]
    assert feedback.reference in mail.outbox[0].subject and feedback.reference in mail.outbox[0].body


def test_english_form_stores_english_submission(client, site_tree):
    response = submit(client, url="/en/feedback/")
    assert response.status_code == 302 and response["Location"].startswith("/en/feedback/cam-on/?ma=GY-")
    assert Feedback.objects.get().language == "en"


def test_html_is_stripped(client, site_tree):
    submit(client, subject="<b>Xin</b> hỏi", message='<script>alert(1)</script>Nội dung <a href="x">link</a> & hết')
    feedback = Feedback.objects.get()
    assert feedback.subject == "Xin hỏi"
    assert "<" not in feedback.message and "script" not in feedback.message
    assert feedback.message.endswith("Nội dung link & hết")


def test_missing_fields_give_400_and_keep_the_text(client, site_tree):
    response = submit(client, subject="", consent=None)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Xin hỏi lịch thi" in body  # what was typed is kept
    assert not Feedback.objects.exists()


def test_honeypot_rejects_without_storing(client, site_tree):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    assert len(mail.outbox) == 0


def test_too_fast_is_rejected_politely_and_form_kept(client, site_tree):
    response = submit(client, started=sign_timestamp(time.time()))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Lịch thi học kỳ" in body
    assert not Feedback.objects.exists()


def test_forged_timestamp_is_rejected(client, site_tree):
    assert submit(client, started="1").status_code == 400
    assert not Feedback.objects.exists()


def test_rate_limit_answers_429_in_the_page(client, site_tree, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (5, 600)}
    for _ in range(5):
        assert submit(client, ip="198.51.100.7").status_code == 302
    response = submit(client, ip="198.51.100.7")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "<h1>" in response.content.decode()  # the page, not a bare error
    assert Feedback.objects.count() == 5
    assert submit(client, ip="198.51.100.8").status_code == 302  # another visitor is not affected


def test_behind_nginx_visitors_are_told_apart(client, site_tree, settings):
    """The form counts the address every limiter uses (TRUSTED_PROXY_COUNT), not the proxy's own."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (2, 600)}

    def via_nginx(visitor):
        return client.post(URL, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=visitor)

    assert [via_nginx("192.0.2.31").status_code for _ in range(3)] == [302, 302, 429]
    assert via_nginx("10.0.0.1, 192.0.2.31").status_code == 429  # a made-up left part changes nothing
    assert via_nginx("192.0.2.32").status_code == 302


def test_valid_pdf_and_image_attachments_are_kept(client, site_tree):
    pdf = SimpleUploadedFile("don.pdf", pdf_bytes(), content_type="application/pdf")
    assert submit(client, attachment=pdf).status_code == 302
    png = SimpleUploadedFile("anh.jpg", png_bytes(), content_type="image/jpeg")  # misnamed, still an image
    assert submit(client, attachment=png).status_code == 302
    types = sorted(Feedback.objects.values_list("attachment_type", flat=True))
    assert types == ["application/pdf", "image/png"]
    for item in Feedback.objects.all():
        assert item.attachment.name.endswith((".pdf", ".png")) and "don" not in item.attachment.name


def test_fake_pdf_is_rejected_by_content(client, site_tree):
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 this is not a pdf at all" * 10, content_type="application/pdf"
    )
    response = submit(client, attachment=fake)
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_truncated_pdf_is_rejected(client, site_tree):
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n%garbage without any objects", content_type="application/pdf")
    assert submit(client, attachment=broken).status_code == 400


def test_oversize_attachment_is_rejected(client, site_tree, settings):
    settings.FEEDBACK_MAX_ATTACHMENT_BYTES = 1024
    big = SimpleUploadedFile("to.pdf", pdf_bytes() + b"\n" * 2048, content_type="application/pdf")
    response = submit(client, attachment=big)
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_mail_failure_never_loses_the_submission(client, site_tree, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens
    response = submit(client)
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_reference_codes_unique_across_many_senders(client, site_tree):
    for number in range(20):
        assert submit(client, ip=f"192.0.2.{number}").status_code == 302
    references = list(Feedback.objects.values_list("reference", flat=True))
    assert len(references) == 20 and len(set(references)) == 20


def answered(feedback, reply):
    feedback.reply = reply
    feedback.status = Status.ANSWERED
    feedback.save()
    return feedback


def look_up(client, ip="203.0.113.50", **query):
    return client.get(f"{URL}tra-cuu/", query, REMOTE_ADDR=ip)


def test_the_whole_code_shows_progress_and_reply_but_no_personal_data(client, site_tree):
    submit(client)
    feedback = answered(Feedback.objects.get(), "Lịch thi bắt đầu ngày 15/12.")
    response = look_up(client, ma=feedback.reference.lower())  # typed by hand
    assert response.status_code == 200
    body = response.content.decode()
    assert feedback.reference in body and "Lịch thi bắt đầu ngày 15/12." in body
    assert "Nguyễn Văn An" not in body and "phuhuynh@example.com" not in body and "0912" not in body
    assert "Xin hỏi lịch thi" not in body


def test_a_code_without_its_random_end_shows_nothing_without_the_senders_contact(client, site_tree):
    """Numbers are sequential: counting them must not reveal anyone's message, its status or the reply."""
    submit(client)
    feedback = answered(Feedback.objects.get(), "Lịch thi bắt đầu ngày 15/12.")
    counted = feedback.reference.rsplit("-", 1)[0]  # GY-2026-000123, what counting gives
    refused = look_up(client, ma=counted)
    wrong_contact = look_up(client, ma=counted, lien_he="ai-do@example.com")
    missing = look_up(client, ma="GY-2026-999999")
    assert refused.status_code == wrong_contact.status_code == missing.status_code == 404
    for response in (refused, wrong_contact):
        body = response.content.decode()
        assert "Lịch thi bắt đầu ngày 15/12." not in body and feedback.get_status_display() not in body
        assert body.count('role="alert"') == missing.content.decode().count('role="alert"')  # the same answer
    by_mail = look_up(client, ma=counted, lien_he="PhuHuynh@example.com")
    by_phone = look_up(client, ma=counted, lien_he="0912345678")
    for response in (by_mail, by_phone):
        assert response.status_code == 200 and "Lịch thi bắt đầu ngày 15/12." in response.content.decode()


def test_codes_given_before_the_random_end_still_work_with_the_senders_contact(client, site_tree):
    submit(client)
    submit(client, email="", phone="")
    with_contact, anonymous = Feedback.objects.order_by("pk")
    for feedback in (with_contact, anonymous):  # as they were stored before
        feedback.reference = feedback.reference.rsplit("-", 1)[0]
        Feedback.objects.filter(pk=feedback.pk).update(reference=feedback.reference)
        answered(feedback, "Đã trả lời.")
    assert look_up(client, ma=with_contact.reference).status_code == 404
    assert look_up(client, ma=with_contact.reference, lien_he="0912 345 678").status_code == 200
    # A sender who gave no contact cannot prove the message is theirs: the school answers by other means.
    assert look_up(client, ma=anonymous.reference).status_code == 404


def test_status_look_ups_are_rate_limited_per_address(client, site_tree, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback-status": (20, 600)}
    for number in range(20):
        assert look_up(client, ip="198.51.100.20", ma=f"GY-2026-{number:06d}").status_code == 404
    refused = look_up(client, ip="198.51.100.20", ma="GY-2026-000021")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    with translation.override("vi"):
        message = gettext(
            "Too many look-ups from your network. To protect the senders' privacy, please wait %(minutes)d "
            "minutes and try again."
        ) % {"minutes": 10}
    assert message != "" and "Quá nhiều" in message
    assert message in refused.content.decode()
    assert look_up(client, ip="198.51.100.21", ma="GY-2026-000021").status_code == 404  # another visitor


def test_acknowledgements_are_not_mail_on_demand(client, site_tree, settings):
    """Anyone can type someone else's e-mail address into the form: it gets at most a few mails an hour."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback-mail-recipient": (3, 3600)}
    for number in range(5):
        assert submit(client, ip=f"192.0.2.{100 + number}", email="nan-nhan@example.com").status_code == 302
    assert Feedback.objects.count() == 5  # every message is stored and answered with its code
    assert len(mail.outbox) == 3
    assert submit(client, ip="192.0.2.200", email="nguoi-khac@example.com").status_code == 302
    assert len(mail.outbox) == 4


def test_acknowledgements_caused_by_one_address_are_limited(client, site_tree, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (50, 600), "feedback-mail-address": (2, 3600)}
    for number in range(4):
        assert submit(client, ip="192.0.2.77", email=f"nguoi-{number}@example.com").status_code == 302
    assert len(mail.outbox) == 2


def test_form_and_status_pages_are_never_kept_in_a_shared_cache(client, site_tree):
    for url in (URL, f"{URL}tra-cuu/?ma=GY-2026-000001", f"{URL}cam-on/?ma=GY-2026-000001"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url


def test_status_page_bad_and_unknown_codes(client, site_tree):
    assert client.get(f"{URL}tra-cuu/").status_code == 200
    assert client.get(f"{URL}tra-cuu/", {"ma": "<script>"}).status_code == 400
    response = client.get(f"{URL}tra-cuu/", {"ma": "GY-2026-999999-ABCDEF"})
    assert response.status_code == 404
    assert 'role="alert"' in response.content.decode()


def test_published_questions_appear_without_personal_data(client, site_tree):
    submit(client)
    feedback = Feedback.objects.get()
    feedback.reply = "Học sinh được nghỉ ngày 20/11."
    feedback.status = Status.ANSWERED
    feedback.published_as_faq = True
    feedback.faq_question = "Học sinh có được nghỉ ngày Nhà giáo Việt Nam không?"
    feedback.save()
    body = client.get(URL).content.decode()
    assert "Học sinh có được nghỉ ngày Nhà giáo Việt Nam không?" in body
    assert "Học sinh được nghỉ ngày 20/11." in body
    assert "Nguyễn Văn An" not in body and "phuhuynh@example.com" not in body
    assert "Học sinh được nghỉ" not in client.get("/en/feedback/").content.decode()  # Vietnamese Q&A stays Vietnamese
