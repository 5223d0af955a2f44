from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.api_search, name="api"),
    path("suggest/", views.api_suggest, name="suggest"),
]
