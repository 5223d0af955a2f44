"""A demo exam notice for `bootstrap_site --demo` (the `site_lak_demo` hook in exams/wagtail_hooks.py), with
key dates around today. Idempotent."""

import datetime

from core.bootstrap import ensure_child
from exams.models import ExamIndexPage, ExamKeyDate, ExamNoticePage


def create_demo_pages(home, home_en):
    """A mock exam notice under the exam index of `home`."""
    today = datetime.date.today()
    ensure_child(
        ExamIndexPage.objects.child_of(home).get(),
        ExamNoticePage,
        "thi-thu-tot-nghiep-lan-1",
        "Thông báo thi thử tốt nghiệp THPT lần 1",
        exam_kind="mock",
        key_dates=[
            ExamKeyDate(kind="registration-opens", date=today),
            ExamKeyDate(kind="registration-closes", date=today + datetime.timedelta(days=20)),
            ExamKeyDate(
                kind="exam",
                date=today + datetime.timedelta(days=30),
                start_time=datetime.time(7, 30),
                end_time=datetime.time(9, 30),
                session_label="Buổi sáng – Ngữ văn",
            ),
            ExamKeyDate(kind="results", date=today + datetime.timedelta(days=40)),
        ],
        school_year="2025-2026",
        venue="Trường THPT Lắk",
        audience="Học sinh lớp 12",
        summary="Kỳ thi thử giúp học sinh lớp 12 làm quen với cấu trúc đề thi tốt nghiệp THPT.",
    )
