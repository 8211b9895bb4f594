"""A page belongs to the unit owning its nearest section root (Art. 4)."""

import pytest
from django.core.exceptions import ValidationError

from wagtail_review.models import SectionOwnership, UnitKind
from wagtail_review.organisation.sections import section_for_page, unit_for_page, units_for_pages


@pytest.fixture
def tree(make_page, make_unit, own):
    """home ─┬─ xiping (西坪镇) ── news ── article
    ├─ edu (教育局) ── basic (基础教育股, internal organ) ── notice
    └─ about (no section)"""
    home = make_page("portal home", slug="portal-home")
    town = make_unit("xiping-town", name="西坪镇")
    edu = make_unit("education-bureau", kind=UnitKind.DEPARTMENT, name="区教育局")
    organ = make_unit("edu-basic", kind=UnitKind.INTERNAL_ORGAN, parent=edu, name="基础教育股")
    xiping = make_page("xiping", parent=home)
    news = make_page("news", parent=xiping)
    edu_root = make_page("edu", parent=home)
    basic = make_page("basic", parent=edu_root)
    own(town, xiping)
    own(edu, edu_root)
    own(organ, basic)
    return {
        "home": home,
        "xiping": xiping,
        "news": news,
        "article": make_page("article", parent=news),
        "edu_root": edu_root,
        "basic": basic,
        "notice": make_page("notice", parent=basic),
        "about": make_page("about", parent=home),
        "town": town,
        "edu": edu,
        "organ": organ,
    }


def test_page_belongs_to_unit_of_its_section(tree):
    assert unit_for_page(tree["article"]) == tree["town"]
    assert unit_for_page(tree["xiping"]) == tree["town"]


def test_nearest_section_wins_for_internal_organ(tree):
    assert unit_for_page(tree["notice"]) == tree["organ"]
    assert unit_for_page(tree["basic"]) == tree["organ"]
    assert unit_for_page(tree["edu_root"]) == tree["edu"]
    # Internal organs sign through their parent unit's leaders (Art. 8).
    assert unit_for_page(tree["notice"]).leading_unit == tree["edu"]


def test_page_outside_any_section_has_no_unit(tree):
    assert unit_for_page(tree["about"]) is None
    assert unit_for_page(tree["home"]) is None
    assert section_for_page(tree["about"]) is None


def test_moving_page_between_sections_changes_owner(tree):
    article = tree["article"]
    article.move(tree["edu_root"], pos="last-child")
    article.refresh_from_db()
    assert unit_for_page(article) == tree["edu"]


def test_moving_a_section_root_keeps_its_unit_for_the_subtree(tree):
    tree["xiping"].move(tree["about"], pos="last-child")
    tree["article"].refresh_from_db()
    assert unit_for_page(tree["article"]) == tree["town"]


def test_resolution_is_one_query_whatever_the_depth(tree, make_page, django_assert_num_queries):
    deep = tree["notice"]
    for i in range(8):
        deep = make_page(f"level-{i}", parent=deep)
    with django_assert_num_queries(1):
        assert unit_for_page(deep) == tree["organ"]


def test_units_for_many_pages_in_one_query(tree, django_assert_num_queries):
    pages = [tree[k] for k in ("article", "notice", "edu_root", "about")]
    with django_assert_num_queries(1):
        owners = units_for_pages(pages)
    assert owners == {
        tree["article"].pk: tree["town"],
        tree["notice"].pk: tree["organ"],
        tree["edu_root"].pk: tree["edu"],
        tree["about"].pk: None,
    }


def test_unrelated_units_cannot_nest_sections(tree, make_unit):
    other = make_unit("beijiazao-town", name="倍加造镇")
    section = SectionOwnership(unit=other, page=tree["news"])
    with pytest.raises(ValidationError) as excinfo:
        section.full_clean()
    assert "西坪镇" in str(excinfo.value)


def test_a_section_cannot_swallow_another_units_section(tree, make_unit):
    other = make_unit("beijiazao-town", name="倍加造镇")
    with pytest.raises(ValidationError):
        SectionOwnership(unit=other, page=tree["home"]).full_clean()


def test_tree_root_cannot_be_a_section(tree, root_page):
    with pytest.raises(ValidationError):
        SectionOwnership(unit=tree["town"], page=root_page).full_clean()
