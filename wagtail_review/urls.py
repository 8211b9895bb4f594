"""Public URLs of wagtail_review; include them in the site's urlconf (see README)."""

from django.urls import path

from .publication.ledger.views import ledger_consistency, ledger_entries, ledger_entry, ledger_head

app_name = "wagtail_review_public"

urlpatterns = [
    path("head/", ledger_head, name="ledger_head"),
    path("entries/", ledger_entries, name="ledger_entries"),
    path("entries/<int:sequence>/", ledger_entry, name="ledger_entry"),
    path("consistency/", ledger_consistency, name="ledger_consistency"),
]
