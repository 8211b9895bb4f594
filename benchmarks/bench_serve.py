"""3. The per-request cost of the serve-time check (WAGTAIL_REVIEW_SERVE_CHECK).

A typical article with a cover image is requested through Django's test
Client (the whole middleware, URL routing, Wagtail serving and template
rendering, without a network socket) with the check "off", "revision" and
"content". ``may_serve`` is also timed alone, which is the check's cost
without the rest of the request around it.
"""

from django.test import Client
from django.test.utils import override_settings
from timing import duration, median, ms, p90, per_call, table, timed

from portal_site.portal.models import ArticlePage
from wagtail_review.publication.serving import may_serve

MODES = ["off", "revision", "content"]
ARTICLE_SLUG = "daylily-picking-season"


def check(page, mode):
    with override_settings(WAGTAIL_REVIEW_SERVE_CHECK=mode):
        return may_serve(page)


def run(requests, warmup=10):
    page = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    url = page.url
    client = Client()

    def get(mode):
        with override_settings(WAGTAIL_REVIEW_SERVE_CHECK=mode):
            response = client.get(url)
        # A 503 would mean the page was withheld, and we would be timing the wrong thing.
        assert response.status_code == 200, (mode, response.status_code)

    for _ in range(warmup):  # first renders: image rendition, template loading, query plans
        for mode in MODES:
            get(mode)
    samples = {mode: [] for mode in MODES}
    for i in range(requests):
        # Rotate the order every round so no mode always runs first (or after another).
        for mode in MODES[i % 3 :] + MODES[: i % 3]:
            samples[mode].append(timed(get, mode))

    base = median(samples["off"])
    table(
        [f"GET {url}", "median", "p90", "added vs off", "ratio vs off"],
        [
            [
                f"serve check {mode}",
                ms(median(s)),
                ms(p90(s)),
                ms(median(s) - base),
                f"{median(s) / base:.3f}",
            ]
            for mode, s in samples.items()
        ],
    )

    calls = max(requests * 2, 100)
    table(
        ["may_serve(page) alone", "per call", "calls"],
        [
            [
                f"mode {mode}",
                duration(per_call(lambda mode=mode: check(page, mode), calls, 5)),
                calls * 5,
            ]
            for mode in MODES
        ],
    )
    return {mode: (median(s) - base, median(s) / base) for mode, s in samples.items()}
