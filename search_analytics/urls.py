from django.urls import path

from search_analytics import views

app_name = "search_analytics"

urlpatterns = [
    path("<slug:token>/", views.click, name="click"),
]
