"""Public URLs of the mailbox; the site includes them, e.g. under /hdjl/ (README)."""

from django.urls import path

from . import views

app_name = "wagtail_review_mailbox"
urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("query/", views.lookup, name="lookup"),
    path("published/", views.published, name="published"),
    path("published/<int:pk>/", views.published_message, name="published_message"),
    path("api/published/", views.published_api, name="published_api"),
]
