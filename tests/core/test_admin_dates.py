"""A date no school record can have (year 1, year 9999) typed in any admin form is a form error in
Vietnamese, never a 500, and nothing is saved (core/admin_dates.py)."""

from wagtail.models import Revision

from tests.admin_forms import edit_form, edit_url
from tests.factories import news_page

MESSAGE_VI = "Hãy chọn ngày trong khoảng từ năm 1900 đến năm 2199."


def test_a_page_scheduled_for_year_one_is_refused_in_vietnamese(admin_client, site_tree):
    page = news_page(site_tree["vi"], "Lịch nghỉ Tết")
    revisions = Revision.objects.count()
    form = edit_form(admin_client, page, go_live_at="01/01/0001 00:00")
    response = admin_client.post(edit_url(page), form)
    assert response.status_code == 200
    assert MESSAGE_VI in response.content.decode()
    assert Revision.objects.count() == revisions
