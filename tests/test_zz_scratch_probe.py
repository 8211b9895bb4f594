from tests.test_publish_guard import COPY_SLUG, CopyPageAction, Page, user, public_html, Client
from tests.test_publish_guard import unreviewed  # noqa: F401

def test_probe(unreviewed):
    page = unreviewed.page
    try:
        CopyPageAction(page=page, to=page.get_parent(), update_attrs={"title": "COPYTITLE", "slug": COPY_SLUG}, keep_live=True, user=user("admin")).execute(skip_permission_checks=True)
    except Exception as e:
        print("raised", type(e).__name__, e)
    c = Page.objects.get(slug=COPY_SLUG).specific
    print("copy", c.pk, c.live, c.live_revision_id, c.live_revision.object_id if c.live_revision else None, c.url)
    r = Client().get(c.url)
    print(r.status_code, "COPYTITLE" in r.content.decode())
