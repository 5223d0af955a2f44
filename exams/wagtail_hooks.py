from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from exams import demo
from exams.models import ExamIndexPage, ExamNoticePage
from home.sections import HomeSection


@hooks.register("site_lak_home_sections")
def upcoming_exams(source):
    index = source.index(ExamIndexPage)
    if index is None:
        return None
    notices = source.listed(ExamNoticePage, index).select_related("social_image")
    items = notices.filter(exam_date__gte=timezone.localdate()).order_by("exam_date")[:4]
    return HomeSection("exams", _("Upcoming exams and enrolment"), list(items), index.url, _("All notices"), order=20)


# `bootstrap_site --demo` (core/demo.py).
hooks.register("site_lak_demo", demo.create_demo_pages)
