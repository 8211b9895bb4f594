"""Migrations 0004/0005 move each page's review form out of the page's own columns, and back when reversed."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from portal_site.portal.models import ArticlePage, ColumnPage
from wagtail_review.models import ReviewForm
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import fill_review_form


def columns_of(page):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT review_source_type, point_1, point_7, contact_person, review_note "
            "FROM portal_articlepage WHERE page_ptr_id = %s",
            [page.pk],
        )
        return cursor.fetchone()


# Serialized rollback: the root page migrations create is back even after other transactional tests flushed it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_form_moves_out_of_the_page_columns_and_back(root_page):
    column = root_page.add_child(instance=ColumnPage(title="栏目", slug="column", live=False))
    article = ArticlePage(title="迁移测试", slug="migration", date="2026-11-25", source="测试", live=False)
    fill_review_form(
        article,
        source_type="emergency",
        **passing_answers(sensitive_route=True),
        contact_person="王晓燕",
        note="说明",
    )
    column.add_child(instance=article)
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    try:
        call_command("migrate", "portal", "0003_review_form", **quiet)
        assert columns_of(article) == ("emergency", "no", "yes", "王晓燕", "说明")

        ReviewForm.objects.all().delete()
        call_command("migrate", "portal", **quiet)
        form = ReviewForm.objects.get(page_id=article.pk)
        assert (form.source_type, form.point_1, form.point_7, form.contact_person, form.note) == (
            "emergency",
            "no",
            "yes",
            "王晓燕",
            "说明",
        )
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "portal_articlepage")
            ]
        assert "point_1" not in columns and "contact_person" not in columns
    finally:
        call_command("migrate", "portal", **quiet)
