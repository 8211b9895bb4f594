"""Admin URLs of the account screens, under /admin/account-security/, namespace ``wagtail_review_accounts``."""

from django.urls import path

from . import views

app_name = "wagtail_review_accounts"
urlpatterns = [
    path("second-factor/", views.VerifyView.as_view(), name="verify"),
    path("second-factor/enrol/", views.EnrolView.as_view(), name="enrol"),
    path("second-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("password/", views.ChangePasswordView.as_view(), name="change_password"),
    path("confirm/", views.ConfirmIdentityView.as_view(), name="confirm_identity"),
    path("lockouts/", views.LockoutsView.as_view(), name="lockouts"),
    path("lockouts/unlock/", views.UnlockView.as_view(), name="unlock"),
    path("lockouts/reset-second-factor/", views.ResetSecondFactorView.as_view(), name="reset_second_factor"),
]
