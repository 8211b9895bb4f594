"""wagtail_review: the information review and release regime of a government portal, in Wagtail."""

__version__ = "0.2.0"
