from django.urls import re_path

from search_analytics import views

app_name = "search_analytics"

urlpatterns = [
    # A token is secrets.token_hex(8) (records.record_search): nothing else can be counted.
    re_path(r"^(?P<token>[0-9a-f]{16})/$", views.click, name="click"),
]
