"""A small Wagtail site nobody here would write for this app: what an adopter's site looks like.

Its page types use what the portal's do not — tags, inline children
(InlinePanel / ParentalKey), parental many-to-many, a form page with its own
form class — and it has a snippet with a workflow. None of them knows about
wagtail_review: the core tests install the app into this site as an adopter
would.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, Page, RevisionMixin, WorkflowMixin
from wagtail.snippets.models import register_snippet


@register_snippet
class Category(models.Model):
    name = models.CharField(max_length=80)

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("testapp.BlogPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPage(Page):
    date = models.DateField(null=True, blank=True)
    intro = RichTextField(blank=True)
    body = StreamField([("heading", blocks.CharBlock()), ("paragraph", blocks.RichTextBlock())], blank=True)
    rating = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attachment = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    view_count = models.PositiveIntegerField(default=0)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    categories = ParentalManyToManyField(Category, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("rating"),
        FieldPanel("cover"),
        FieldPanel("attachment"),
        FieldPanel("tags"),
        FieldPanel("categories"),
        InlinePanel("links", label="Links"),
    ]


class BlogPageLink(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=100)
    url = models.URLField()

    panels = [FieldPanel("title"), FieldPanel("url")]


class FormField(AbstractFormField):
    page = ParentalKey("testapp.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]


class PolicyPage(Page):
    """A page type with its own document number and issuing authority, as a disclosure catalogue has."""

    doc_number = models.CharField(max_length=60, blank=True)
    issuing_authority = models.CharField(max_length=100, blank=True)
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("doc_number"),
        FieldPanel("issuing_authority"),
        FieldPanel("body"),
    ]


@register_snippet
class Notice(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A snippet moderated by the site's own workflow."""

    text = models.CharField(max_length=200)
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="notice",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="notice",
        for_concrete_model=False,
    )

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text
