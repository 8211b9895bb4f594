"""Seed the review routes of Art. 9 as Wagtail workflows of role approval tasks.

The information centre can change them afterwards in the admin (信息审核发布 →
审核路线, and Wagtail's own Workflows screens). Reversing removes only what
this migration created, and only while no page has used it.
"""

from django.db import migrations

# (task key, name, role, fixed unit kind or "" for the page's own unit)
TASKS = [
    ("office", "区政府办公室审核", "reviewer", "district_office"),
    ("unit_review", "本单位办公室（科室）审核", "reviewer", ""),
    ("unit_principal", "本单位主要领导审批", "principal_leader", ""),
    ("unit_in_charge", "本单位分管领导审批", "leader_in_charge", ""),
    ("web_admin", "网站管理人员审核", "web_admin", "info_center"),
    ("site_leader", "网站分管领导审批", "site_leader", "info_center"),
    ("district_in_charge", "区政府分管领导审批", "leader_in_charge", "leadership"),
    ("district_principal", "区政府主要领导审批", "principal_leader", "leadership"),
]

# (workflow name, task keys in order, source types that take it)
WORKFLOWS = [
    ("以区政府名义发布信息审核", ["office"], ["district_government"]),
    ("区政府工作部门信息审核", ["unit_review", "unit_principal"], ["department"]),
    ("乡镇信息审核", ["unit_review", "unit_in_charge"], ["township"]),
    ("转载及网站自身信息审核", ["web_admin", "site_leader"], ["reprint", "website"]),
    ("重大突发事件和敏感信息审批", ["district_in_charge", "district_principal"], ["emergency"]),
]


def seed(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    RoleApprovalTask = apps.get_model("wagtail_gov_review", "RoleApprovalTask")
    Route = apps.get_model("wagtail_gov_review", "Route")

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtail_gov_review", model="roleapprovaltask")
    tasks = {}
    for key, name, role, kind in TASKS:
        tasks[key], _ = RoleApprovalTask.objects.get_or_create(
            name=name, defaults={"content_type": content_type, "role": role, "fixed_unit_kind": kind}
        )
    for name, task_keys, source_types in WORKFLOWS:
        workflow, created = Workflow.objects.get_or_create(name=name)
        if created:
            for order, key in enumerate(task_keys):
                WorkflowTask.objects.create(workflow=workflow, task=tasks[key], sort_order=order)
        for source_type in source_types:
            Route.objects.get_or_create(source_type=source_type, defaults={"workflow": workflow})


def unseed(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    RoleApprovalTask = apps.get_model("wagtail_gov_review", "RoleApprovalTask")
    Route = apps.get_model("wagtail_gov_review", "Route")
    names = [name for name, _, _ in WORKFLOWS]
    Route.objects.filter(workflow__name__in=names).delete()
    Workflow.objects.filter(name__in=names, workflow_states__isnull=True).delete()
    RoleApprovalTask.objects.filter(name__in=[t[1] for t in TASKS], task_states__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_gov_review", "0002_routes_tasks_signatures"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
