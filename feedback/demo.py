"""Demo feedback, a public consultation and a communication incident for `bootstrap_site --demo` (the
`site_lak_demo` hook in feedback/wagtail_hooks.py), dated in the last weeks so that the current plan's yearly
report (reports/) shows real figures in its feedback, consultations and incidents sections. Idempotent."""

import datetime

from django.utils import timezone
from wagtail.models import Page

from core.bootstrap import ensure_child
from feedback.pages import ConsultationPage
from feedback.records import Feedback, Incident, IncidentAction
from feedback.vocabulary import Category, Channel, IncidentStatus, Severity, Status
from reports.period import default_period

CONSULTATION = ("lay-y-kien-noi-quy-dien-thoai", "Lấy ý kiến dự thảo quy định sử dụng điện thoại trong trường")
CONSULTATION_OUTCOME = (
    "<p>Nhà trường nhận được ý kiến của cha mẹ học sinh và học sinh; quy định được ban hành, cho phép dùng "
    "điện thoại trong giờ học khi giáo viên yêu cầu.</p>"
)
REBUTTAL_SLUG = "dinh-chinh-thong-tin-thu-tien"
INCIDENT_TITLE = "Bài đăng sai sự thật về việc thu tiền học thêm"

# (days ago, category, channel, subject, message, hours until answered or None for still open)
FEEDBACK = [
    (
        30,
        Category.QUESTION,
        Channel.WEB,
        "Lịch học thêm buổi chiều khối 12",
        "Xin hỏi lịch ôn tập buổi chiều của khối 12 học kỳ này bắt đầu từ ngày nào?",
        26,
    ),
    (
        24,
        Category.SUGGESTION,
        Channel.EMAIL,
        "Đề nghị mở thêm câu lạc bộ tiếng Anh",
        "Phụ huynh đề nghị nhà trường mở câu lạc bộ tiếng Anh cho học sinh khối 10.",
        72,
    ),
    (
        18,
        Category.COMPLAINT,
        Channel.PHONE,
        "Nhà xe quá chật vào giờ tan học",
        "Nhà xe học sinh thường xuyên quá tải vào giờ tan học buổi sáng.",
        140,
    ),
    (
        12,
        Category.FALSE_INFORMATION,
        Channel.FACEBOOK,
        "Thông tin sai về việc thu tiền học thêm",
        "Một trang mạng xã hội đăng tin nhà trường thu tiền học thêm bắt buộc.",
        5,
    ),
    (
        9,
        Category.QUESTION,
        Channel.WEB,
        "Thủ tục xin giấy xác nhận học sinh",
        "Xin hỏi thủ tục và thời gian cấp giấy xác nhận đang học tại trường.",
        None,
    ),
]


def ago(days, hours=0):
    """`days` (and `hours`) before now, but never before the current report period starts."""
    first_day = default_period().start
    floor = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(8)))
    return min(timezone.now(), max(timezone.now() - datetime.timedelta(days=days, hours=hours), floor))


def ensure_feedback():
    for days, category, channel, subject, message, answered_after in FEEDBACK:
        if Feedback.objects.filter(subject=subject).exists():
            continue
        received = ago(days)
        answered = received + datetime.timedelta(hours=answered_after) if answered_after is not None else None
        Feedback.objects.create(
            created_at=received,
            channel=channel,
            category=category,
            subject=subject,
            message=message,
            consent=True,
            status=Status.ANSWERED if answered else Status.NEW,
            answered_at=min(answered, timezone.now()) if answered else None,
            reply="Nhà trường đã tiếp nhận và trả lời qua điện thoại." if answered else "",
        )


def ensure_consultation(home):
    opens = ago(28)
    consultation = ensure_child(
        home,
        ConsultationPage,
        CONSULTATION[0],
        CONSULTATION[1],
        summary="Nhà trường lấy ý kiến cha mẹ học sinh và học sinh về dự thảo quy định sử dụng điện thoại.",
        opens_at=opens,
        closes_at=max(ago(7), opens + datetime.timedelta(hours=1)),
        outcome=[("paragraph", CONSULTATION_OUTCOME)],
    )
    for number, text in enumerate(("Nên cho phép dùng điện thoại để tra cứu bài học.", "Cần thu điện thoại đầu giờ.")):
        Feedback.objects.get_or_create(
            consultation=consultation,
            subject=f"Góp ý dự thảo quy định ({number + 1})",
            defaults={
                "created_at": ago(20 - number),
                "category": Category.SUGGESTION,
                "message": text,
                "consent": True,
                "status": Status.CLOSED,
            },
        )


def ensure_incident():
    if Incident.objects.filter(title=INCIDENT_TITLE).exists():
        return
    rebuttal = Page.objects.filter(slug=REBUTTAL_SLUG).live().first()
    incident = Incident(
        title=INCIDENT_TITLE,
        description="Một trang mạng xã hội đăng tin nhà trường thu tiền học thêm bắt buộc; bài được chia sẻ nhiều.",
        detected_at=ago(12),
        detected_by="Ban truyền thông",
        severity=Severity.HIGH,
        status=IncidentStatus.RESOLVED,
        final_statement=rebuttal,
        lessons_learned="Công khai sớm các khoản thu trên trang web và trang Facebook của nhà trường.",
    )
    today = timezone.localdate()
    incident.actions = [
        IncidentAction(sort_order=0, description="Xác minh thông tin với các tổ chuyên môn", done=True),
        IncidentAction(sort_order=1, description="Đăng bài đính chính trên trang web và Facebook", done=True),
        IncidentAction(
            sort_order=2,
            description="Họp cha mẹ học sinh các lớp về các khoản thu",
            due_date=today + datetime.timedelta(days=14),
        ),
    ]
    incident.save()


def create_demo_content(home, home_en):
    """Feedback received and answered, a closed consultation with its comments and outcome, and an incident
    handled with the rebuttal article of the news demo as its final statement."""
    ensure_feedback()
    ensure_consultation(home)
    ensure_incident()
