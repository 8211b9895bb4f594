"""The review form (《信息发布审查表》, Art. 8) that every page of the portal carries.

Its fields live on the page model, so they are versioned with the page's
revisions like any other content: the signers approve the exact form they saw.
Drafts may be saved incomplete; submitting for review requires it complete
(see ``forms.ReviewedPageForm`` and ``RoleApprovalTask.start``).
"""

from django.db import models, transaction
from django.utils.functional import classproperty
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..routing.routes import Route, SourceType, default_source_type
from .checklist import ANSWER_CHOICES, REVIEW_POINTS, failing_points, unanswered_points


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


REVIEW_FORM_FIELDS = (
    "review_source_type",
    "reprint_outlet",
    "reprint_url",
    "reprint_date",
    "doc_number",
    "issuing_authority",
    "date_written",
    "date_issued",
    *(point.field_name for point in REVIEW_POINTS),
    "review_note",
    "contact_person",
    "contact_phone",
)


class ReviewFormMixin(models.Model):
    review_source_type = models.CharField(
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
    review_note = models.TextField(_("other remarks"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        abstract = True

    # --- Saving: the publication ledger --------------------------------------

    def save(self, *args, **kwargs):
        """Save in a transaction, so the page change and its ledger entry (signals.py) commit together."""
        from ..publication.guard import touches_content

        if not touches_content(kwargs.get("update_fields")):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            return super().save(*args, **kwargs)

    # --- What the form says -------------------------------------------------

    @property
    def review_answers(self):
        return {point.field_name: getattr(self, point.field_name) for point in REVIEW_POINTS}

    @property
    def review_unit(self):
        from ..organisation.sections import unit_for_page

        if not hasattr(self, "_review_unit"):
            self._review_unit = unit_for_page(self) if self.pk and self.path else None
        return self._review_unit

    @property
    def is_review_form_complete(self):
        return not self.review_form_errors()

    @property
    def effective_source_type(self):
        return self.review_source_type or default_source_type(self.review_unit)

    def review_form_errors(self):
        """``{field: message}`` for everything that stops this form from being submitted."""
        errors = {}
        source = self.effective_source_type
        if source == SourceType.REPRINT:
            for name in ("reprint_outlet", "reprint_url", "reprint_date"):
                if not getattr(self, name):
                    errors[name] = _("Required for reprinted information: where it first appeared.")
        if source == SourceType.DISTRICT_GOVERNMENT and self.doc_number:
            for name in ("issuing_authority", "date_written", "date_issued"):
                if not getattr(self, name):
                    errors[name] = _("Required for a government document.")
        for point in unanswered_points(self.review_answers):
            errors[point.field_name] = _("Answer this review point before submitting.")
        if not errors:
            for point in failing_points(self.review_answers, sensitive_route=source == SourceType.EMERGENCY):
                errors[point.field_name] = _(
                    "With this answer the information cannot be released; correct the content or, "
                    "for sensitive information, choose the major emergency / sensitive route."
                )
        if not self.contact_person:
            errors["contact_person"] = _("Name the contact person for this submission.")
        return errors

    # --- Which route it takes ------------------------------------------------

    def get_workflow(self):
        """The workflow of the route for this page's source type (Art. 9), not of its place in the tree."""
        route = (
            Route.objects.select_related("workflow").filter(source_type=self.effective_source_type).first()
        )
        if route and route.workflow.active:
            return route.workflow
        return None

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    # --- The editor panel ---------------------------------------------------

    @classproperty
    def base_form_class(cls):
        # A property rather than a class attribute: the admin form module
        # cannot be imported while models load. A page type may name its own
        # form class, derived from ReviewedPageForm (system check E005).
        from .forms import ReviewedPageForm

        return ReviewedPageForm

    @classproperty
    def edit_handler(cls):
        # Every page type gets the review form as its own tab, after Wagtail's
        # usual ones, without each model having to declare it.
        from .panels import page_edit_handler_with_review_form

        return page_edit_handler_with_review_form(cls)
