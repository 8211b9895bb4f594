"""Withdraw the page publish right Wagtail's first migration gives its stock groups.

In Wagtail a group with ``publish`` on a page publishes past any workflow;
Art. 9 of the regulation forbids publishing without review. Reversing puts
the stock right back on the tree root, as Wagtail created it.
"""

from django.db import migrations


def withdraw(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(permission__codename="publish_page").delete()


def restore(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    moderators = Group.objects.filter(name="Moderators").first()
    root = Page.objects.filter(depth=1).first()
    permission = Permission.objects.filter(codename="publish_page").first()
    if moderators and root and permission:
        GroupPagePermission.objects.get_or_create(group=moderators, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(withdraw, restore)]
