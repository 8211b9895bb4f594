"""POST data for the real Wagtail page editor, built with Wagtail's own form-data helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from wagtail_review.review_form.checklist import PASSING_ANSWERS
from wagtail_review.review_form.models import REVIEW_FORM_FIELDS

PASSING = PASSING_ANSWERS


def article_form_data(page=None, *, action=None, review=True, **overrides):
    """Form data for an ArticlePage edit/create form; ``action`` is e.g. "action-submit".

    Review form fields (``source_type``, ``point_1`` …) among ``overrides`` go to the 审查表's formset.
    """
    data = {
        "title": getattr(page, "title", "测试稿件"),
        "slug": getattr(page, "slug", "test-article"),
        "category": getattr(page, "category", "news"),
        "date": str(getattr(page, "date", "2026-11-25")),
        "source": getattr(page, "source", "西坪镇人民政府"),
        "author": "",
        "body": streamfield([("paragraph", rich_text("<p>正文内容。</p>"))]),
        "attachments": streamfield([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    review_form = {"contact_person": "王晓燕", "contact_phone": "0352-6181001", **PASSING} if review else {}
    for name in list(overrides):
        if name in REVIEW_FORM_FIELDS:
            review_form[name] = overrides.pop(name)
    data["review_form"] = inline_formset([review_form], min=1, max=1)
    data.update(overrides)
    form = nested_form_data(data)
    if action:
        form[action] = "on"
    return form


def signature_data(comment="同意发布。", **answers):
    return {**PASSING, **answers, "comment": comment}


def review_form_errors(response):
    """The errors the page editor showed on the 审查表 tab of ``response``."""
    return response.context["form"].formsets["review_form"].forms[0].errors
