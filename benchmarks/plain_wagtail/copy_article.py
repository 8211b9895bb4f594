"""Copy the demo article into the plain baseline: ``dump`` under the portal's settings, ``load`` under the plain ones.

The same title, fields, StreamField content, cover image and attachments (rows pointing at the same
files, with the same sizes), published under the plain site's root. Prints the article's URL path.
Usage (``make loadtest`` runs both): ``python copy_article.py dump SLUG > article.json`` then
``python copy_article.py load article.json``.
"""

import json
import sys

import django


def dump(slug):
    from portal_site.portal.models import ArticlePage

    page = ArticlePage.objects.get(slug=slug)
    images = {page.cover_image} if page.cover_image else set()
    documents = set()
    for block in page.body:
        if block.block_type == "image":
            images.add(block.value["image"])
    for block in page.attachments:
        documents.add(block.value)
    return {
        "slug": page.slug,
        "title": page.title,
        "date": page.date.isoformat(),
        "source": page.source,
        "author": page.author,
        "cover_image": page.cover_image_id,
        "body": list(page.body.raw_data),
        "attachments": list(page.attachments.raw_data),
        "images": [
            {"id": i.pk, "title": i.title, "file": i.file.name, "width": i.width, "height": i.height}
            for i in images
        ],
        "documents": [{"id": d.pk, "title": d.title, "file": d.file.name} for d in documents],
    }


def load(article):
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Site

    from plain_wagtail.plain_article.models import ArticlePage

    image_ids = {
        i["id"]: Image.objects.create(
            title=i["title"], file=i["file"], width=i["width"], height=i["height"]
        ).pk
        for i in article["images"]
    }
    document_ids = {
        d["id"]: Document.objects.create(title=d["title"], file=d["file"]).pk for d in article["documents"]
    }
    body = [
        {**block, "value": {**block["value"], "image": image_ids[block["value"]["image"]]}}
        if block["type"] == "image"
        else block
        for block in article["body"]
    ]
    attachments = [{**block, "value": document_ids[block["value"]]} for block in article["attachments"]]
    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(
        instance=ArticlePage(
            title=article["title"],
            slug=article["slug"],
            date=article["date"],
            source=article["source"],
            author=article["author"],
            cover_image_id=image_ids.get(article["cover_image"]),
            body=body,
            attachments=attachments,
        )
    )
    page.save_revision().publish()
    return page.url


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "dump":
        sys.stdout.write(json.dumps(dump(sys.argv[2]), ensure_ascii=False) + "\n")
    else:
        with open(sys.argv[2], encoding="utf-8") as handle:
            sys.stdout.write(load(json.load(handle)) + "\n")
