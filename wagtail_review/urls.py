"""Public URLs of wagtail_review; include them in the site's urlconf (see README)."""

from django.urls import path

from .publication.ledger.views import ledger_head

app_name = "wagtail_review_public"

urlpatterns = [
    path("head/", ledger_head, name="ledger_head"),
]
