from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from exams.models import ExamIndexPage, ExamNoticePage
from home.change_notes import exclude_withdrawn
from home.sections import HomeSection, first_child_of_type


@hooks.register("site_lak_home_sections")
def upcoming_exams(home_page):
    index = first_child_of_type(home_page, ExamIndexPage)
    if index is None:
        return None
    notices = exclude_withdrawn(ExamNoticePage.objects.child_of(index).live().public())
    items = notices.filter(exam_date__gte=timezone.localdate()).order_by("exam_date")[:4]
    return HomeSection("exams", _("Upcoming exams and enrolment"), list(items), index.url, _("All notices"), order=20)
