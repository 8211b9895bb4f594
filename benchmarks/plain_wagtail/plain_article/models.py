"""The article page type of the plain baseline: the demo article's fields, without review or ledger."""

from django.db import models
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=200)


class ArticlePage(Page):
    date = models.DateField()
    source = models.CharField(max_length=100)
    author = models.CharField(max_length=100, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(
        [("heading", blocks.CharBlock()), ("paragraph", blocks.RichTextBlock()), ("image", ImageBlock())]
    )
    attachments = StreamField([("document", DocumentChooserBlock())], blank=True)
