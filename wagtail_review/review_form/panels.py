"""The review form tab (审查表) that every reviewed page type gets in the page editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)

from .checklist import REVIEW_POINTS


class ReviewProgressPanel(Panel):
    """Read-only: the route this page takes, who can sign each step, and the signatures so far."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_review/panels/review_progress.html"

        def get_context_data(self, parent_context=None):
            from ..routing.progress import review_progress

            context = super().get_context_data(parent_context)
            context["progress"] = review_progress(self.instance)
            return context


def review_form_panels(exclude=()):
    document_fields = [
        f for f in ("doc_number", "issuing_authority", "date_written", "date_issued") if f not in exclude
    ]
    panels = [
        FieldPanel("review_source_type"),
        MultiFieldPanel(
            [
                FieldPanel("reprint_outlet"),
                FieldRowPanel([FieldPanel("reprint_url"), FieldPanel("reprint_date")]),
            ],
            heading=_("Reprints: where it first appeared"),
        ),
    ]
    if document_fields:
        panels.append(
            MultiFieldPanel([FieldPanel(f) for f in document_fields], heading=_("Government documents"))
        )
    panels += [
        MultiFieldPanel(
            [FieldPanel(point.field_name) for point in REVIEW_POINTS] + [FieldPanel("review_note")],
            heading=_("Self-check against the nine review points (Art. 10)"),
        ),
        FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")], heading=_("Contact")),
        ReviewProgressPanel(heading=_("Route and signatures")),
    ]
    return panels


def page_edit_handler_with_review_form(cls):
    tabs = []
    if cls.content_panels:
        tabs.append(ObjectList(cls.content_panels, heading=_("Content")))
    if cls.promote_panels:
        tabs.append(ObjectList(cls.promote_panels, heading=_("Promote")))
    if cls.settings_panels:
        tabs.append(ObjectList(cls.settings_panels, heading=_("Settings")))
    # A page type may show some document fields (文号, 发文机关 …) in its own
    # content panels; they are not repeated on the review form tab.
    already_shown = set(
        ObjectList(cls.content_panels).bind_to_model(cls).get_form_options().get("fields", [])
    )
    tabs.append(ObjectList(review_form_panels(exclude=already_shown), heading=_("Review form")))
    return TabbedInterface(tabs, base_form_class=cls.base_form_class)
