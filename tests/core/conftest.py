"""The core tests' site: tests/testapp, a Wagtail site with content that was live before the app came.

``existing_site`` builds what an adopter has on the day they install
wagtail_review: live pages published by Wagtail (tags, inline children,
parental many-to-many, a form page, a page with its own document fields), a
snippet and a page under the site's own workflow. ``people`` and ``town``
give the review regime its units, sections and roles.
"""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site, Workflow, WorkflowContentType

from tests.testapp.models import BlogPage, BlogPageLink, Category, FormField, FormPage, PolicyPage
from wagtail_review.models import Role, SectionOwnership, Unit, UnitKind
from wagtail_review.organisation.governance import grant_role
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import eligible_signers, fill_review_form, sign, submit

PASSWORD = "pw-Abc12345"


def make_live_before_install(page):
    """Publish ``page`` as Wagtail did before wagtail_review was installed: a revision, made live in the row.

    The publish guard stands on every path now, so this writes the row the
    way the site's history left it, with a query update.
    """
    revision = page.save_revision()
    Page.objects.filter(pk=page.pk).update(
        live=True,
        live_revision=revision,
        has_unpublished_changes=False,
        first_published_at=timezone.now(),
        last_published_at=timezone.now(),
    )
    page.refresh_from_db()
    return page


@dataclass
class ExistingSite:
    home: Page
    news: Page
    blog: BlogPage
    form: FormPage
    policy: PolicyPage
    categories: list

    def live_pages(self):
        return [self.home, self.news, self.blog, self.form, self.policy]


@pytest.fixture
def existing_site(db):
    home = Site.objects.get(is_default_site=True).root_page
    news = home.add_child(instance=Page(title="新闻", slug="news", live=False))
    make_live_before_install(news)
    categories = [Category.objects.create(name=name) for name in ("政务", "民生", "经济")]
    blog = BlogPage(
        title="春耕备耕工作有序推进",
        slug="spring-farming",
        live=False,
        date=datetime.date(2026, 3, 1),
        intro="<p>全区春耕备耕工作有序推进。</p>",
        body=[("heading", "春耕"), ("paragraph", "<p>化肥、种子储备充足。</p>")],
        rating="4.50",
    )
    blog.tags.add("农业", "春耕")
    blog.categories = categories[:2]
    blog.links = [
        BlogPageLink(title="农业农村局", url="https://example.gov.cn/nyj", sort_order=0),
        BlogPageLink(title="气象服务", url="https://example.gov.cn/qx", sort_order=1),
    ]
    news.add_child(instance=blog)
    make_live_before_install(blog)
    form = FormPage(title="意见征集", slug="feedback", live=False, to_address="", from_address="", subject="")
    form.form_fields = [FormField(label="意见", field_type="multiline", required=True, sort_order=0)]
    home.add_child(instance=form)
    make_live_before_install(form)
    policy = PolicyPage(
        title="关于印发春耕方案的通知",
        slug="spring-plan",
        live=False,
        doc_number="云政发〔2026〕3号",
        issuing_authority="云州区人民政府",
        body="<p>方案全文。</p>",
    )
    news.add_child(instance=policy)
    make_live_before_install(policy)
    return ExistingSite(
        home=home.specific,
        news=news,
        blog=BlogPage.objects.get(pk=blog.pk),
        form=FormPage.objects.get(pk=form.pk),
        policy=PolicyPage.objects.get(pk=policy.pk),
        categories=categories,
    )


@pytest.fixture
def moderators_workflow(db):
    """Wagtail's own "Moderators approval" workflow, as a fresh site has it (also for snippets)."""
    from django.contrib.auth.models import Group, Permission

    from tests.testapp.models import Notice

    workflow = Workflow.objects.get(name="Moderators approval")
    notice_type = ContentType.objects.get_for_model(Notice)
    WorkflowContentType.objects.get_or_create(content_type=notice_type, defaults={"workflow": workflow})
    # As a site moderating its notices grants: its moderators may publish them.
    Group.objects.get(name="Moderators").permissions.add(
        *Permission.objects.filter(
            content_type=notice_type, codename__in=["add_notice", "change_notice", "publish_notice"]
        )
    )
    return workflow


@pytest.fixture
def people(db):
    User = get_user_model()
    names = {
        "admin": ("管理", "系统", True),
        "editor": ("晓燕", "王", False),
        "reviewer": ("建国", "李", False),
        "leader": ("志强", "张", False),
        "webadmin": ("敏", "赵", False),
        "site_leader": ("伟", "刘", False),
        "moderator": ("平", "陈", False),
        # The three separated administrator duties (等保 2.0 三员分立).
        "sysadmin": ("振华", "许", False),
        "secadmin": ("丽娟", "谢", False),
        "auditadmin": ("卫东", "冯", False),
    }
    users = {}
    for username, (first, last, superuser) in names.items():
        users[username] = User.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=first,
            last_name=last,
            is_superuser=superuser,
            is_staff=superuser,
        )
    from django.contrib.auth.models import Group

    users["moderator"].groups.add(Group.objects.get(name="Moderators"))
    info_centre = Unit.objects.create(name="区政府信息化中心", slug="info-centre", kind=UnitKind.INFO_CENTER)
    grant_role(users["webadmin"], info_centre, Role.WEB_ADMIN, confirmed_by=users["admin"])
    grant_role(users["site_leader"], info_centre, Role.SITE_LEADER, confirmed_by=users["admin"])
    # The installation (a superuser) grants the security duty; the security administrator the others.
    grant_role(users["secadmin"], info_centre, Role.SECURITY_ADMIN, granted_by=users["admin"])
    grant_role(users["sysadmin"], info_centre, Role.SYSTEM_ADMIN, granted_by=users["secadmin"])
    grant_role(users["auditadmin"], info_centre, Role.AUDIT_ADMIN, granted_by=users["secadmin"])
    return users


@pytest.fixture
def town(existing_site, people):
    """A township owning the 新闻 section, with its editor, reviewer (党政办) and leader in charge."""
    unit = Unit.objects.create(name="西坪镇", slug="xiping", kind=UnitKind.TOWNSHIP)
    for username, role in (
        ("editor", Role.EDITOR),
        ("reviewer", Role.REVIEWER),
        ("leader", Role.LEADER_IN_CHARGE),
    ):
        grant_role(people[username], unit, role, confirmed_by=people["admin"])
    SectionOwnership.objects.create(unit=unit, page=existing_site.news)
    return unit


def release(page, submitter, **review_form):
    """Fill the review form, submit as ``submitter`` and have each step signed by whoever may sign it."""
    fill_review_form(page, **passing_answers(), contact_person="王晓燕", **review_form)
    workflow_state = submit(page, submitter)
    while workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state.specific
        sign(task_state, eligible_signers(task_state)[0], answers=passing_answers(), comment="同意")
        workflow_state.refresh_from_db()
    return workflow_state


@pytest.fixture
def released(existing_site, people, town):
    """The site adopted, and the blog page then released through its route."""
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    release(blog, people["editor"])
    return BlogPage.objects.get(pk=blog.pk)
