"""People are named family name first (王晓燕) on the app's screens and on Wagtail's own."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.admin.utils import get_user_display_name


def test_chinese_names_are_family_name_first_latin_names_as_written(people):
    assert people["editor"].get_full_name() == "王晓燕"
    assert get_user_display_name(people["editor"]) == "王晓燕"  # Wagtail's dashboard, history, e-mails
    latin = get_user_model().objects.create_user("jsmith", first_name="John", last_name="Smith")
    assert latin.get_full_name() == "John Smith"


def test_wagtails_dashboard_names_the_person_family_name_first(people, town, client):
    client.force_login(people["editor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "王晓燕" in html and "晓燕 王" not in html


def test_the_designated_officer_is_chosen_among_the_units_members_by_name(people, town, client):
    client.force_login(people["sysadmin"])
    response = client.get(reverse("wagtail_review_units:edit", args=[town.pk]))
    field = response.context["form"].fields["designated_officer"]
    choices = {label for value, label in field.choices if value}
    assert {"王晓燕", "李建国", "张志强"} <= choices
    assert "管理系统" not in choices and "admin" not in choices  # not a member of 西坪镇
    # The listing names the officer too, not their username.
    town.designated_officer = people["editor"]
    town.save()
    html = client.get(reverse("wagtail_review_units:index")).content.decode()
    assert "王晓燕" in html
