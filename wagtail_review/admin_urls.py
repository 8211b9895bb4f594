"""Admin URLs of wagtail_review, mounted under /admin/review/ with the namespace ``wagtail_review``."""

from django.urls import path

from .views import moderation, reports, review_form, takedown

app_name = "wagtail_review"

urlpatterns = [
    path("awaiting/", moderation.AwaitingMyReviewView.as_view(), name="awaiting_review"),
    path("form/<int:workflow_state_id>/", review_form.review_form_view, name="review_form"),
    path("form/<int:workflow_state_id>/pdf/", review_form.review_form_pdf_view, name="review_form_pdf"),
    path("take-down/<int:page_id>/", takedown.TakeDownView.as_view(), name="take_down"),
    path("performance/", reports.PerformanceReportView.as_view(), name="performance_report"),
]
