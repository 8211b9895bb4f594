"""The screens people open every day, counted by test_query_counts and timed at scale by benchmarks/bench_scale."""

from django.urls import reverse
from django.utils import timezone

from wagtail_review.exports import register_time_zone


def screens():
    """``{name: (username, url, query parameters)}``."""
    month = timezone.localdate(timezone=register_time_zone()).strftime("%Y-%m")
    year = timezone.localdate().year
    return {
        "ledger browser, first page": ("webadmin", reverse("wagtail_review_ledger:index"), {}),
        "month's register export": (
            "webadmin",
            reverse("wagtail_review_ledger:index"),
            {"month": month, "export": "xlsx"},
        ),
        "performance report for a year": (
            "webadmin",
            reverse("wagtail_review:performance_report"),
            {"kind": "year", "year": year},
        ),
        "待我审核": ("xiping_reviewer", reverse("wagtail_review:awaiting_review"), {}),
        "dashboard (reviewer)": ("xiping_reviewer", reverse("wagtailadmin_home"), {}),
        "dashboard (information centre)": ("webadmin", reverse("wagtailadmin_home"), {}),
    }
