"""The review form tab (审查表) that every page type's editor gets, without the site editing its panels."""

import json

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.utils.decorators import cached_classmethod

from ..routing.routes import SourceType
from .checklist import REVIEW_POINTS, passing_answers
from .forms import FORMSET_NAME, ReviewFormForm, ReviewFormFormSet, ReviewFormHostMixin
from .models import DOCUMENT_FIELDS, RELATION_NAME, ReviewForm, is_reviewed_page_type, page_has_field


def review_form_field_panels(document_fields=DOCUMENT_FIELDS):
    panels = [
        FieldPanel("source_type"),
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
            [FieldPanel(point.field_name) for point in REVIEW_POINTS] + [FieldPanel("note")],
            heading=_("Self-check against the nine review points (Art. 10)"),
        ),
        FieldRowPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")], heading=_("Contact")),
    ]
    return panels


class ReviewFormPanel(Panel):
    """The page's one ReviewForm, edited as a formset of exactly one form (as Wagtail's CommentPanel does)."""

    def on_model_bound(self):
        # A page type with its own 文号 / 发文机关 … fields supplies them; the form does not repeat them.
        self.document_fields = [name for name in DOCUMENT_FIELDS if not page_has_field(self.model, name)]

    @cached_property
    def child_edit_handler(self):
        # An ObjectList, so each group is its own section with its heading, as on any tab.
        return ObjectList(review_form_field_panels(self.document_fields)).bind_to_model(ReviewForm)

    def get_form_options(self):
        child_options = self.child_edit_handler.get_form_options()
        return {
            "formsets": {
                RELATION_NAME: {
                    "formset_name": FORMSET_NAME,
                    "form": ReviewFormForm,
                    "formset": ReviewFormFormSet,
                    "fields": child_options.get("fields", []),
                    "widgets": child_options.get("widgets", {}),
                    "min_num": 1,
                    "validate_min": True,
                    "max_num": 1,
                    "validate_max": True,
                    "can_delete": False,
                    "inherit_kwargs": ["for_user"],
                }
            }
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_review/panels/review_form.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.formset = self.child = None
            if self.form is None:
                return
            self.formset = self.form.formsets[FORMSET_NAME]
            if not self.formset.forms:
                return  # a tampered post (no form, or no management form): only its error is shown
            child_form = self.formset.forms[0]
            self.child = self.panel.child_edit_handler.get_bound_panel(
                instance=child_form.instance,
                request=self.request,
                form=child_form,
                prefix=f"{self.prefix}-0",
            )

        def show_panel_furniture(self):
            return False

        @property
        def document_deadline(self):
            """The 3-day clock of a government document already saved with its 文号 and 印发日期."""
            from ..inspection.time_limits import deadline_for, first_releases

            # A page never released has its form only in its revisions: no row, but the same values.
            review_form = self.child.form.instance
            if not self.instance.pk:
                return None
            deadline = deadline_for(review_form)
            if deadline is not None:
                deadline.released = first_releases([self.instance.pk]).get(self.instance.pk)
            return deadline

        @property
        def catalogue_items(self):
            """The release catalogue's time limits for the column this page stands in (Art. 12)."""
            from ..inspection.catalogue import items_covering

            return items_covering(self.instance) if self.instance.pk else []

        @property
        def joint_release(self):
            """Whether this page waits for, or is held for, its policy document or interpretation (Art. 9)."""
            from ..publication.joint_release import status

            return status(self.instance)

        @property
        def passing_answers_json(self):
            form = self.child.form
            source_type = form["source_type"].value() if "source_type" in form.fields else None
            return json.dumps(passing_answers(sensitive_route=source_type == SourceType.EMERGENCY))

        @property
        def sections(self):
            """The form's optional sections and the source types that need them (shown by review-form.js)."""
            sections = [
                {"source_types": SourceType.REPRINT, "fields": "reprint_outlet reprint_url reprint_date"}
            ]
            if self.panel.document_fields:
                sections.append(
                    {
                        "source_types": " ".join(DOCUMENT_SOURCE_TYPES),
                        "fields": " ".join(self.panel.document_fields),
                    }
                )
            return sections


# Source types whose items may be government documents (文号, 发文机关 …): the form shows that section for them.
DOCUMENT_SOURCE_TYPES = (SourceType.DISTRICT_GOVERNMENT, SourceType.DEPARTMENT)


class ReviewProgressPanel(Panel):
    """Read-only: the route this page takes, who can sign each step, and the signatures so far."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_review/panels/review_progress.html"

        def get_context_data(self, parent_context=None):
            from ..routing.progress import review_progress

            context = super().get_context_data(parent_context)
            context["progress"] = review_progress(self.instance)
            return context


def review_form_tab():
    return ObjectList(
        [ReviewFormPanel(), ReviewProgressPanel(heading=_("Route and signatures"))],
        heading=_("Review form"),
    )


class ReviewedPageEditHandler(TabbedInterface):
    """A page type's own tabs plus the review form tab; its form class is the site's, plus one mixin."""

    def get_form_class(self):
        form_class = super().get_form_class()
        # As Wagtail itself mixes WagtailAdminDraftStateFormMixin into a
        # model's form class: the site's base_form_class stays in charge.
        return type(form_class)(form_class.__name__, (ReviewFormHostMixin, form_class), {})


def with_review_form_tab(edit_handler):
    """``edit_handler`` (a page type's bound edit handler) with the review form tab added last."""
    if isinstance(edit_handler, TabbedInterface):
        tabs = [tab.clone() for tab in edit_handler.children]
    else:
        tabs = [ObjectList(edit_handler.clone().children, heading=_("Content"))]
    return ReviewedPageEditHandler(
        [*tabs, review_form_tab()],
        base_form_class=edit_handler.base_form_class,
        heading=edit_handler.heading,
    ).bind_to_model(edit_handler.model)


def install_review_form_tab(page_model):
    """Make every page type's editor show the review form tab (Art. 8), whatever panels the site defined.

    Wagtail has no hook for this: its admin app sets ``Page.get_edit_handler``
    in its ``ready()``. Wrapping the function it installs, before or after it
    does so, covers every page type that does not override
    ``get_edit_handler`` itself (system check E004 names any that does).
    """
    from wagtail.admin.panels import page_utils

    original = getattr(page_utils._get_page_edit_handler, "review_form_original", None) or (
        page_utils._get_page_edit_handler.fn
    )

    @cached_classmethod
    def get_edit_handler(cls):
        edit_handler = original(cls)
        if not is_reviewed_page_type(cls):
            return edit_handler
        return with_review_form_tab(edit_handler)

    get_edit_handler.review_form_original = original
    page_utils._get_page_edit_handler = get_edit_handler
    if "get_edit_handler" in page_model.__dict__:
        page_model.get_edit_handler = get_edit_handler


def has_review_form_tab(page_model):
    return any(
        isinstance(panel, ReviewFormPanel)
        for tab in page_model.get_edit_handler().children
        for panel in getattr(tab, "children", ())
    )
