"""Admin URLs of wagtail_review, mounted under /admin/review/ with the namespace ``wagtail_review``."""

from django.urls import path

from .publication.views import LiveInformationView, TakeDownView
from .reports.views import PerformanceReportView
from .review_form.document import review_form_pdf_view, review_form_view
from .routing.views import AwaitingMyReviewView

app_name = "wagtail_review"

urlpatterns = [
    path("awaiting/", AwaitingMyReviewView.as_view(), name="awaiting_review"),
    path("form/<int:workflow_state_id>/", review_form_view, name="review_form"),
    path("form/<int:workflow_state_id>/pdf/", review_form_pdf_view, name="review_form_pdf"),
    path("take-down/<int:page_id>/", TakeDownView.as_view(), name="take_down"),
    path("live/", LiveInformationView.as_view(), name="live_information"),
    path("performance/", PerformanceReportView.as_view(), name="performance_report"),
]
