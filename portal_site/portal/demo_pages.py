"""Builds the demo page tree of the Yunzhou district portal from fixtures/demo_pages.json.

Images and spreadsheet attachments are generated at load time (Pillow,
openpyxl) so that no binary file has to live in the repository.
"""

import json
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import swapper
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.utils.file import hash_filelike

from .models import (
    ArticlePage,
    ChannelPage,
    ColumnPage,
    HomePage,
    PolicyDocumentPage,
    PolicyInterpretationPage,
    UnitIndexPage,
    UnitSectionPage,
)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo_pages.json"
# The day the fixture's news was written as of: articles and interpretations keep their distance from it,
# so the demo's columns are as fresh (or as stale) on the day it is loaded as on that day.
FIXTURE_WRITTEN_ON = date(2026, 11, 27)
SITE_NAME = "大同市云州区人民政府"


def load_demo_pages(publish):
    """Idempotently build the demo page tree; return ``{unit_slug: UnitSectionPage}``.

    Contract with ``publish``:

    * It is called exactly once for every page this call *creates*, parents
      before children, as ``publish(page)``. ``page`` is the specific page
      instance, saved in the tree with ``live=False``, whose latest revision
      (``page.latest_revision``, saved with ``user=None``) holds all of its
      content. ``publish`` decides how that revision goes live, e.g.
      ``page.latest_revision.publish(user=...)`` or through a workflow; its
      return value is ignored.
    * Pages that already exist (found by slug under their parent) are left
      untouched and not passed to ``publish`` again, so a second run creates
      and publishes nothing.

    Everything runs in one transaction: if ``publish`` (or anything else)
    raises, no page, image or document row is left behind.
    """
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    with transaction.atomic():
        images = {spec["title"]: _ensure_image(spec) for spec in data["images"]}
        documents = {spec["title"]: _ensure_document(spec) for spec in data["documents"]}

        home = _ensure_home(data["home"], images, publish)
        for spec in data["channels"]:
            _ensure_child(
                home,
                ChannelPage,
                publish,
                slug=spec["slug"],
                title=spec["title"],
                category=spec["category"],
                intro=spec["intro"],
            )
        index_spec = data["unit_index"]
        unit_index = _ensure_child(
            home,
            UnitIndexPage,
            publish,
            slug=index_spec["slug"],
            title=index_spec["title"],
            intro=index_spec["intro"],
        )

        sections = {}
        for unit in data["units"]:
            section = _ensure_child(
                unit_index,
                UnitSectionPage,
                publish,
                **{
                    key: unit[key]
                    for key in ("slug", "title", "intro", "duties", "address", "phone", "office_hours")
                },
            )
            sections[unit["slug"]] = section
            for column_spec in unit["columns"]:
                column = _ensure_child(
                    section,
                    ColumnPage,
                    publish,
                    slug=column_spec["slug"],
                    title=column_spec["title"],
                    category=column_spec["category"],
                )
                for item in column_spec["pages"]:
                    model, fields = _publication_fields(item, images, documents, home)
                    _ensure_child(column, model, publish, **fields)
    return sections


# --- Pages -------------------------------------------------------------------


def _ensure_child(parent, model, publish, *, slug, **fields):
    """The child of ``parent`` with ``slug``, creating it as a draft and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        existing = existing.specific
        if not isinstance(existing, model):
            raise RuntimeError(
                f"{parent.url_path}{slug}/ is a {type(existing).__name__}, expected {model.__name__}."
            )
        return existing

    page = model(slug=slug, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision(user=None, log_action="wagtail.create")
    publish(page)
    # ``publish`` may have saved another instance of this page (revisions do);
    # reload so callers and later add_child() calls see the current row.
    page.refresh_from_db()
    return page


def _ensure_home(spec, images, publish):
    Page = swapper.load_model("wagtailcore", "Page")
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).first()
    if home is None:
        # Wagtail's initial migration leaves a plain "Welcome to your new
        # Wagtail site!" page at slug "home", with the default Site pointing
        # at it. Move it out of the way, build the real home page, repoint
        # the sites, and only then delete it: deleting it first would
        # cascade-delete the Site.
        welcome = root.get_children().filter(slug=spec["slug"]).first()
        if welcome is not None:
            if welcome.specific_class is not Page or not welcome.is_leaf():
                raise RuntimeError(
                    f"A {welcome.specific_class.__name__} with slug '{spec['slug']}' already sits under the "
                    "tree root; refusing to replace it."
                )
            # A row update, not a save: the publish guard refuses to change a
            # live page's address without review, and this page is deleted below.
            slug = f"wagtail-welcome-{welcome.pk}"
            Page.objects.filter(pk=welcome.pk).update(slug=slug, url_path=f"{root.url_path}{slug}/")
        home = _ensure_child(
            root,
            HomePage,
            publish,
            slug=spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            banner_image=images.get(spec.get("banner_image")),
        )
        if welcome is not None:
            Site.objects.filter(root_page=welcome).update(root_page=home)
            # Wagtail's placeholder was never information of this portal: taken offline by a row update
            # (a live page may only be deleted after a take-down with a reason) and deleted.
            Page.objects.filter(pk=welcome.pk).update(live=False)
            Page.objects.get(pk=welcome.pk).delete()
    _point_default_site(home)
    return home


def _point_default_site(home):
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname="localhost", port=80).first()
        or Site()
    )
    site.hostname = "localhost"
    site.port = 80
    site.site_name = SITE_NAME
    site.root_page = home
    site.is_default_site = True
    site.save()


def _publication_fields(item, images, documents, home):
    """``(model, field values)`` for one article / policy document / interpretation entry."""
    common = {
        "slug": item["slug"],
        "title": item["title"],
        "body": json.dumps([_body_block(block, images) for block in item["body"]]),
        "attachments": json.dumps(
            [{"type": "document", "value": documents[title].pk} for title in item.get("attachments", [])]
        ),
    }
    kind = item["type"]
    if kind == "article":
        return ArticlePage, {
            **common,
            "category": item["category"],
            "date": _as_of_today(item["date"]),
            "source": item["source"],
            "author": item.get("author", ""),
            "cover_image": images.get(item.get("cover_image")),
        }
    if kind == "policy":
        return PolicyDocumentPage, {
            **common,
            "doc_number": item["doc_number"],
            "issuing_authority": item["issuing_authority"],
            # A document still in review is dated days before loading, so its 3-day clock is running.
            "date_written": (
                date.fromisoformat(item["date_written"])
                if "date_written" in item
                else timezone.localdate() - timedelta(days=item["written_days_ago"])
            ),
            "date_published": _as_of_today(item["date_published"]),
        }
    if kind == "interpretation":
        # Slugs are only unique among siblings, so look the document up
        # within this site's tree; the fixture keeps policy slugs distinct.
        document = PolicyDocumentPage.objects.descendant_of(home).get(slug=item["interprets"])
        return PolicyInterpretationPage, {
            **common,
            "interprets": document,
            "date": _as_of_today(item["date"]),
            "interpreter": item["interpreter"],
        }
    raise ValueError(f"Unknown demo page type {kind!r} for {item['slug']}.")


def _as_of_today(text):
    return date.fromisoformat(text) + (timezone.localdate() - FIXTURE_WRITTEN_ON)


def _body_block(block, images):
    if block["type"] == "image":
        return {
            "type": "image",
            "value": {"image": images[block["image"]].pk, "caption": block.get("caption", "")},
        }
    return {"type": block["type"], "value": block["value"]}


# --- Generated media ---------------------------------------------------------


def _ensure_image(spec):
    Image = get_image_model()
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        data = _draw_banner(spec)
        image = Image(
            title=spec["title"],
            # ImageFile (not ContentFile) so the field can read width and height.
            file=ImageFile(BytesIO(data), name=spec["filename"]),
            file_size=len(data),
            file_hash=hash_filelike(BytesIO(data)),
        )
        image.save()
    return image


def _ensure_document(spec):
    Document = get_document_model()
    document = Document.objects.filter(title=spec["title"]).first()
    if document is None:
        data = _build_workbook(spec)
        document = Document(
            title=spec["title"],
            file=ContentFile(data, name=spec["filename"]),
            file_size=len(data),
            file_hash=hash_filelike(BytesIO(data)),
        )
        document.save()
    return document


def _draw_banner(spec):
    """A simple landscape (sky gradient, hills or volcanic cones) as JPEG bytes."""
    width, height = spec["size"]
    top, bottom = (_rgb(c) for c in spec["sky"])
    ground = _rgb(spec["ground"])
    canvas = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    horizon = int(height * 0.62)
    if spec["motif"] == "volcanoes":
        # Flat-topped cones, as the Datong volcano group looks from the plain.
        for centre, peak, half_base in ((0.22, 0.30, 0.20), (0.55, 0.40, 0.16), (0.82, 0.34, 0.19)):
            cx, cy, hb, crater = centre * width, peak * height, half_base * width, 0.03 * width
            draw.polygon(
                [(cx - hb, horizon), (cx - crater, cy), (cx + crater, cy), (cx + hb, horizon)],
                fill=_shade(ground, 0.8),
            )
    else:
        sun = width * 0.08
        draw.ellipse(
            [width * 0.78, height * 0.12, width * 0.78 + sun, height * 0.12 + sun], fill=(255, 236, 170)
        )
    draw.polygon([(0, horizon), (width, horizon - height * 0.04), (width, height), (0, height)], fill=ground)
    if spec["motif"] != "volcanoes":
        # Furrows converging towards the horizon.
        for x in range(-width, 2 * width, max(width // 16, 1)):
            draw.line([(width / 2, horizon), (x, height)], fill=_shade(ground, 0.85), width=3)
    buffer = BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _build_workbook(spec):
    """A one-sheet statistical table with a formula totals row, as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec["sheet"]
    sheet.append([spec["title"]])
    sheet.append(spec["header"])
    for row in spec["rows"]:
        sheet.append(row)
    first, last = 3, 2 + len(spec["rows"])
    numeric_columns = [i for i, value in enumerate(spec["rows"][0]) if isinstance(value, int | float)]
    totals = [spec["total_label"]] + [""] * (len(spec["header"]) - 1)
    for i in numeric_columns:
        letter = chr(ord("A") + i)
        totals[i] = f"=SUM({letter}{first}:{letter}{last})"
    sheet.append(totals)
    sheet.column_dimensions["A"].width = 24
    for i in range(1, len(spec["header"])):
        sheet.column_dimensions[chr(ord("A") + i)].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _shade(rgb, factor):
    return tuple(max(0, min(255, round(c * factor))) for c in rgb)
