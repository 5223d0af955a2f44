from django.urls import path

from search_analytics import views

app_name = "search_analytics"

urlpatterns = [
    path("<int:record_id>/", views.click, name="click"),
]
