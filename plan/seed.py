"""The 2024–2025 communications plan and the calendar of anniversaries, created by `bootstrap_site`, and the
yearly rollover of the plan to the current school year (`bootstrap_site` and the `rollover_plan` command).

The text comes from the school's plan (Kế hoạch truyền thông về giáo dục và đào tạo năm 2024); the targets are
a starting point the communications board adjusts in the admin. Created once: what an administrator changes or
deletes afterwards is left as it is.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from home.validators import school_year_of
from plan.content_areas import ContentArea
from plan.models import CalendarEvent, CommunicationPlan, ContentAreaTarget, EventKind

SCHOOL_YEAR = "2024-2025"
TITLE = "Kế hoạch truyền thông về giáo dục và đào tạo năm 2024"

LEGAL_BASIS = """\
Kế hoạch số 141/KH-BGDĐT ngày 05/02/2024 của Bộ Giáo dục và Đào tạo về truyền thông về giáo dục và đào tạo năm 2024
Kế hoạch số 19/KH-SGDĐT ngày 19/02/2024 của Sở GDĐT Đắk Lắk về truyền thông giáo dục và đào tạo năm 2024
Hướng dẫn số 104-HD/BTGTU ngày 31/1/2024 của Ban Tuyên giáo Tỉnh ủy và Công văn số 1099/UBND-KGVX ngày 06/02/2024 \
của UBND tỉnh về tuyên truyền kỷ niệm các ngày lễ lớn và sự kiện lịch sử quan trọng trong năm 2024
Nghị định 09/2017/NĐ-CP về phát ngôn và cung cấp thông tin cho báo chí"""

PURPOSES = """\
Chủ động thông tin phù hợp, kịp thời về các hoạt động, chỉ đạo điều hành, chủ trương, chính sách, pháp luật về giáo \
dục tới học sinh, giáo viên, cán bộ quản lý giáo dục, người dân và toàn xã hội.
Truyền thông các kết quả nổi bật về giáo dục, các tấm gương người tốt việc tốt đến toàn xã hội.
Truyền thông định hướng dư luận; đấu tranh với những quan điểm sai trái, những thông tin không đúng về nhà trường, \
ngành GDĐT.
Tạo sự đồng thuận và đánh giá đúng về những đổi mới và kết quả của ngành Giáo dục trong thực hiện Nghị quyết số \
29-NQ/TW ngày 04/11/2013 của Ban Chấp hành Trung ương khóa XI, Nghị quyết Đại hội Đảng các cấp; trong thực hiện \
Chương trình giáo dục phổ thông 2018.
Nhận diện và xử lý các vấn đề truyền thông, ngăn chặn và xử lý sự cố truyền thông."""

REQUIREMENTS = """\
Truyền thông chủ động, có trọng tâm và hiệu quả.
Nắm bắt, tiếp nhận, thống kê, phân tích và xử lý kịp thời thông tin góp ý, phản biện của học sinh, giáo viên, cán bộ \
quản lý giáo dục, báo chí, người dân và toàn xã hội.
Dự phòng các phương án kiểm soát nguy cơ khủng hoảng truyền thông; quy trình nhận diện, xử lý khủng hoảng truyền thông.
Thực hiện nghiêm túc Quy chế phát ngôn và quy định cung cấp thông tin, ứng xử báo chí theo Nghị định 09/2017/NĐ-CP."""

# Items a month per content area; rebuttals are written when needed, so they have no monthly target.
TARGETS = {
    ContentArea.POLICY: 2,
    ContentArea.TRADITIONS: 1,
    ContentArea.RESULTS: 1,
    ContentArea.COMPETITIONS: 1,
    ContentArea.SUMMER: 1,
    ContentArea.DIGITAL: 1,
    ContentArea.EXEMPLARY: 1,
    ContentArea.REBUTTAL: 0,
    ContentArea.OTHER: 1,
}

# (day, month, title, kind, content area)
ANNIVERSARIES = [
    (3, 2, "Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (
        10,
        3,
        "Chiến thắng Buôn Ma Thuột, giải phóng tỉnh Đắk Lắk (10/3/1975)",
        EventKind.ANNIVERSARY,
        ContentArea.TRADITIONS,
    ),
    (26, 3, "Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (30, 4, "Ngày Giải phóng miền Nam, thống nhất đất nước (30/4/1975)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (7, 5, "Chiến thắng Điện Biên Phủ (7/5/1954)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (19, 5, "Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (1, 6, "Ngày Quốc tế Thiếu nhi", EventKind.ANNIVERSARY, ContentArea.SUMMER),
    (27, 7, "Ngày Thương binh – Liệt sĩ", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (2, 9, "Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (5, 9, "Lễ khai giảng năm học mới", EventKind.SCHOOL, ContentArea.RESULTS),
    (20, 11, "Ngày Nhà giáo Việt Nam", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
    (22, 12, "Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944)", EventKind.ANNIVERSARY, ContentArea.TRADITIONS),
]

# (date, title): one-off events of the school year.
EXAMS = [
    (datetime.date(2025, 6, 26), "Kỳ thi tốt nghiệp THPT năm 2025 (26–27/6/2025)"),
]


@transaction.atomic
def ensure_plan(owner_group=None):
    """The 2024–2025 plan with its targets and the calendar of anniversaries, if the plan does not exist yet."""
    plan, created = CommunicationPlan.objects.get_or_create(
        school_year=SCHOOL_YEAR,
        defaults={"title": TITLE, "legal_basis": LEGAL_BASIS, "purposes": PURPOSES, "requirements": REQUIREMENTS},
    )
    if not created:
        return plan
    ContentAreaTarget.objects.bulk_create(
        ContentAreaTarget(plan=plan, content_area=area, items_per_month=count, owner_group=owner_group, sort_order=i)
        for i, (area, count) in enumerate(TARGETS.items())
    )
    for day, month, title, kind, area in ANNIVERSARIES:
        CalendarEvent.objects.get_or_create(
            day=day, month=month, title=title, defaults={"kind": kind, "content_area": area}
        )
    for date, title in EXAMS:
        CalendarEvent.objects.get_or_create(
            date=date, title=title, defaults={"kind": EventKind.EXAM, "content_area": ContentArea.COMPETITIONS}
        )
    return plan


@transaction.atomic
def rollover_plan(today=None):
    """(plan of the school year of `today`, created?): a missing plan is copied from the latest earlier one —
    its legal basis, purposes, requirements and targets, for the board to adjust. An existing plan is left as it
    is, so running this again creates nothing; with no earlier plan there is nothing to copy: (None, False)."""
    school_year = school_year_of(today or timezone.localdate())
    plan = CommunicationPlan.objects.filter(school_year=school_year).first()
    if plan:
        return plan, False
    previous = CommunicationPlan.objects.filter(school_year__lt=school_year).order_by("-school_year").first()
    if previous is None:
        return None, False
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext("Communications plan for the school year %(year)s") % {"year": school_year}
    plan = CommunicationPlan.objects.create(
        school_year=school_year,
        title=title,
        legal_basis=previous.legal_basis,
        purposes=previous.purposes,
        requirements=previous.requirements,
    )
    ContentAreaTarget.objects.bulk_create(
        ContentAreaTarget(
            plan=plan,
            content_area=target.content_area,
            items_per_month=target.items_per_month,
            owner_user_id=target.owner_user_id,
            owner_group_id=target.owner_group_id,
            sort_order=target.sort_order,
        )
        for target in previous.targets.all()
    )
    return plan, True
