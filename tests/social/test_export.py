"""The Facebook posts report's CSV and XLSX speak as the listing does: Vietnamese headings and labels, times in
the school's time zone."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from social.models import FacebookPost, PostError, PostStatus
from tests.factories import news_page
from tests.social.test_admin import admin  # noqa: F401 (the admin fixture)

pytestmark = pytest.mark.django_db


def test_the_exports_are_in_vietnamese_with_local_times(admin, site_tree):  # noqa: F811
    post = FacebookPost.objects.create(
        page=news_page(site_tree["vi"], "Tin một", slug="tin-mot"),
        family="news",
        link="https://thptlak.edu.vn/vi/tin-tuc/tin-mot/",
        status=PostStatus.FAILED,
        error_kind=PostError.REFUSED,
        last_error="(#200) Permissions error",
        attempts=1,
    )
    queued = timezone.make_aware(datetime.datetime(2026, 11, 20, 6, 30))  # in the school's time zone
    FacebookPost.objects.filter(pk=post.pk).update(created_at=queued)
    response = admin.get(reverse("social_posts"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-1] == "Sự cố" and "Problem" not in rows[0]
    assert rows[1][0] == "20/11/2026 06:30"
    assert rows[1][2] == "Tin tức" and rows[1][3] == "Không đăng được"
    response = admin.get(reverse("social_posts"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[-1] == "Sự cố"
    assert first[0] == datetime.datetime(2026, 11, 20, 6, 30) and first[2:4] == ("Tin tức", "Không đăng được")
