"""The review API and its phone page; include them in the site's urlconf, e.g. at ``review-api/`` (README)."""

from django.urls import path, re_path

from ..api.openapi import openapi_json
from . import phone, views

app_name = "wagtail_review_api"

urlpatterns = [
    path("v1/tokens/", views.SignInView.as_view(), name="sign_in"),
    path("v1/tokens/current/", views.CurrentTokenView.as_view(), name="current_token"),
    path("v1/awaiting/", views.AwaitingView.as_view(), name="awaiting"),
    path("v1/steps/<int:step_id>/", views.StepView.as_view(), name="step"),
    path("v1/steps/<int:step_id>/sign/", views.SignView.as_view(), name="sign"),
    path("v1/pages/<int:page_id>/take-down/", views.TakeDownView.as_view(), name="take_down"),
    path("openapi.json", openapi_json, name="openapi"),
    path("app/", phone.phone_page, name="phone"),
    re_path(r"^v1/", views.not_found),  # anything else under the API: a JSON 404
]
