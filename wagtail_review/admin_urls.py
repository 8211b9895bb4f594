"""Admin URLs of wagtail_review, mounted under /admin/review/ with the namespace ``wagtail_review``."""

from django.urls import path, re_path

from .inspection.views import SelfInspectionView
from .publication.emergency import EmergencyTakeDownView
from .publication.views import LiveInformationView, TakeDownView
from .reports.views import PerformanceReportView
from .review_form.document import review_form_pdf_view, review_form_view
from .routing.change_in_review import ChangeInReviewView
from .routing.version_views import SignedVersionView, VersionCompareView
from .routing.views import AwaitingMyReviewView

app_name = "wagtail_review"

urlpatterns = [
    path("awaiting/", AwaitingMyReviewView.as_view(), name="awaiting_review"),
    path("form/<int:workflow_state_id>/", review_form_view, name="review_form"),
    path("form/<int:workflow_state_id>/pdf/", review_form_pdf_view, name="review_form_pdf"),
    path("take-down/<int:page_id>/", TakeDownView.as_view(), name="take_down"),
    path("changed/<int:pk>/<int:revision_id>/", ChangeInReviewView.as_view(), name="changed_in_review"),
    path("version/<int:pk>/<int:revision_id>/", SignedVersionView.as_view(), name="version"),
    re_path(
        r"^compare/(?P<pk>\d+)/(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$",
        VersionCompareView.as_view(),
        name="compare",
    ),
    path("emergency-take-down/", EmergencyTakeDownView.as_view(), name="emergency_take_down"),
    path("live/", LiveInformationView.as_view(), name="live_information"),
    path("performance/", PerformanceReportView.as_view(), name="performance_report"),
    path("self-inspection/", SelfInspectionView.as_view(), name="self_inspection"),
]
