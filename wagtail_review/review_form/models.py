"""The review form (《信息发布审查表》, Art. 8) that travels with every page.

It is its own model, attached to the base Page model by a ``ParentalKey``:
like Wagtail's own comments, a child relation is serialised into every
revision of every page type, so the signers approve the exact form they saw,
and no page model of the site has to change (no mixin, no column, no
migration in the site's own apps). Each page has at most one.

Drafts may be saved with an incomplete form; submitting needs it complete
(``ReviewForm.submission_errors``, asked by the page editor's formset and by
``RoleApprovalTask.start`` for submissions started in code).
"""

import swapper
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from ..app_settings import app_settings
from ..routing.routes import Route, SourceType, default_source_type
from .checklist import ANSWER_CHOICES, REVIEW_POINTS, failing_points, unanswered_points

# The child relation's name on every page (``page.review_forms``).
RELATION_NAME = "review_forms"

# The fields of a government document (Art. 9(1)). A page type that has a
# field of the same name (a policy document page with its own 文号, say)
# supplies it; the form does not ask for it twice.
DOCUMENT_FIELDS = ("doc_number", "issuing_authority", "date_written", "date_issued")

REVIEW_FORM_FIELDS = (
    "source_type",
    "reprint_outlet",
    "reprint_url",
    "reprint_date",
    *DOCUMENT_FIELDS,
    *(point.field_name for point in REVIEW_POINTS),
    "note",
    "contact_person",
    "contact_phone",
)


def _point_fields():
    return {
        point.field_name: models.CharField(
            # Lazy, so the label follows the reader's language and migrations do not.
            format_lazy("{}. {}", point.number, point.question),
            max_length=3,
            choices=ANSWER_CHOICES,
            blank=True,
        )
        for point in REVIEW_POINTS
    }


class ReviewForm(models.Model):
    page = ParentalKey(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name=RELATION_NAME,
    )
    source_type = models.CharField(
        _("source type"),
        max_length=32,
        choices=SourceType.choices,
        blank=True,
        help_text=_("Decides the review route (Art. 9). Defaults from the unit that owns the section."),
    )
    reprint_outlet = models.CharField(_("original outlet"), max_length=200, blank=True)
    reprint_url = models.URLField(_("original URL"), max_length=500, blank=True)
    reprint_date = models.DateField(_("original publication date"), null=True, blank=True)
    doc_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    issuing_authority = models.CharField(_("issuing authority (发文机关)"), max_length=200, blank=True)
    date_written = models.DateField(_("date written (成文日期)"), null=True, blank=True)
    date_issued = models.DateField(_("date issued (印发日期)"), null=True, blank=True)
    locals().update(_point_fields())
    note = models.TextField(_("other remarks"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("review form")
        verbose_name_plural = _("review forms")
        constraints = [
            models.UniqueConstraint(fields=["page"], name="wagtail_review_one_review_form_per_page")
        ]

    def __str__(self):
        return str(_("Review form of page %(id)s")) % {"id": self.page_id}

    # --- What the form says, for the page it belongs to ------------------------

    @property
    def answers(self):
        return {point.field_name: getattr(self, point.field_name) for point in REVIEW_POINTS}

    @property
    def unit(self):
        """The responsible unit of the page (of its parent, for a page being created)."""
        from ..organisation.sections import unit_for_page

        if not hasattr(self, "_unit"):
            page = self.page
            self._unit = unit_for_page(page) if page.pk and page.path else None
        return self._unit

    @unit.setter
    def unit(self, unit):
        self._unit = unit

    @property
    def effective_source_type(self):
        return self.source_type or default_source_type(self.unit)

    @property
    def document_details(self):
        """文号, 发文机关, 成文日期, 印发日期: the page's own field where its type has one, else the form's."""
        page = self.page
        return {
            name: getattr(page, name) if page_has_field(type(page), name) else getattr(self, name)
            for name in DOCUMENT_FIELDS
        }

    @property
    def is_document(self):
        return bool(self.document_details["doc_number"])

    def submission_errors(self):
        """``{field: message}`` for everything that stops this form from being submitted (Art. 8, 9, 10)."""
        if not is_reviewed_page_type(type(self.page)):
            return {}
        errors = {}
        source = self.effective_source_type
        if source == SourceType.REPRINT:
            for name in ("reprint_outlet", "reprint_url", "reprint_date"):
                if not getattr(self, name):
                    errors[name] = _("Required for reprinted information: where it first appeared.")
        details = self.document_details
        if source == SourceType.DISTRICT_GOVERNMENT and details["doc_number"]:
            for name in ("issuing_authority", "date_written", "date_issued"):
                if not details[name]:
                    errors[name] = _("Required for a government document.")
        route = Route.objects.filter(source_type=source).first()
        if route is not None and not route.allows(self.unit):
            errors["source_type"] = _(
                "Pages of this unit's sections cannot take this source type (Art. 9): choose the one that fits."
            )
        for point in unanswered_points(self.answers):
            errors[point.field_name] = _("Answer this review point before submitting.")
        if not errors:
            for point in failing_points(self.answers, sensitive_route=source == SourceType.EMERGENCY):
                errors[point.field_name] = _(
                    "With this answer the information cannot be released; correct the content or, "
                    "for sensitive information, choose the major emergency / sensitive route."
                )
        if not self.contact_person:
            errors["contact_person"] = _("Name the contact person for this submission.")
        return errors


def page_has_field(page_model, name):
    try:
        field = page_model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete


def is_reviewed_page_type(page_model):
    """Whether pages of this type carry the review form (all but those exempted by a setting)."""
    return page_model._meta.label not in app_settings.EXEMPT_PAGE_TYPES


def review_form_of(page):
    """The review form this version of ``page`` carries: a blank, unsaved one if it has none.

    A page restored from a revision carries the form as it was in that
    revision; a page read from the database carries the live row's.
    """
    forms = list(getattr(page, RELATION_NAME).all()) if page.pk or _has_in_memory_forms(page) else []
    form = forms[0] if forms else ReviewForm()
    form.page = page
    return form


def _has_in_memory_forms(page):
    return RELATION_NAME in getattr(page, "_cluster_related_objects", {})


# Revisions saved while the form was still a set of page fields (before
# migration 0007) hold it at the top level of their content.
LEGACY_FIELD_NAMES = {"review_source_type": "source_type", "review_note": "note"}


def review_form_of_revision(revision):
    """The review form as ``revision`` holds it, for revisions saved before the form was its own model too."""
    page = revision.as_object()
    content = revision.content
    if RELATION_NAME not in content and any(
        key in content for key in ("review_source_type", *(p.field_name for p in REVIEW_POINTS))
    ):
        form = ReviewForm()
        for name in REVIEW_FORM_FIELDS:
            legacy = next((old for old, new in LEGACY_FIELD_NAMES.items() if new == name), name)
            value = content.get(legacy)
            if value is not None and not page_has_field(type(page), name):
                setattr(form, name, ReviewForm._meta.get_field(name).to_python(value))
        form.page = page
        return form
    return review_form_of(page)
