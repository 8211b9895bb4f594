"""The page form that refuses incomplete submissions."""

from wagtail.admin.forms import WagtailAdminPageForm

from .models import REVIEW_FORM_FIELDS


class ReviewedPageForm(WagtailAdminPageForm):
    """Saving a draft accepts an incomplete review form; submitting or publishing does not."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if not self.instance.pk and parent_page is not None:
            # A new page belongs to the unit of the section it is created in.
            from ..organisation.sections import unit_for_page

            self.instance._review_unit = unit_for_page(parent_page)
        # The model form's initial already holds "" for a new page: replace it.
        if "review_source_type" in self.fields and not self.initial.get("review_source_type"):
            self.initial["review_source_type"] = self.instance.effective_source_type

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned
        candidate = self.instance
        for name in REVIEW_FORM_FIELDS:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        for field, message in candidate.review_form_errors().items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned
