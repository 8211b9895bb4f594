"""The review form inside the page editor: one child form, complete before it can be submitted.

The page editor's form is the site's own (``base_form_class`` untouched: a
form page keeps its duplicate-field validation); the review form rides along
as a formset of exactly one form, as Wagtail's comments do. Saving a draft
accepts it incomplete (Wagtail's deferred validation reaches child forms);
any other action — submitting, resubmitting, signing — needs it complete.
"""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from ..organisation.people import person_name
from ..organisation.sections import unit_for_page

# The review form's formset in the page editor: its fields are posted as
# ``review_form-0-point_1`` and so on.
FORMSET_NAME = "review_form"


class ReviewFormForm(WagtailAdminModelForm):
    # The page's parent, while the page is being created (set by the formset).
    parent_page = None

    def review_form_for(self, page):
        """This form's values, seen as the review form of ``page`` (which may not be saved yet)."""
        form = self.instance
        form.page = page
        if not (page.pk and page.path) and self.parent_page is not None:
            # A new page belongs to the unit of the section it is created in.
            form.unit = unit_for_page(self.parent_page)
        return form


class ReviewFormFormSet(BaseChildFormSet):
    # Set by ReviewFormHostMixin before the forms are built (they are built lazily).
    parent_page = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.parent_page = self.parent_page
        # Show the source type the page would take, rather than a blank choice.
        if "source_type" in form.fields and not form.initial.get("source_type"):
            form.initial["source_type"] = form.review_form_for(self.instance).effective_source_type
        self._prefill_contact(form)
        return form

    def _prefill_contact(self, form):
        """The contact is, until someone says otherwise, whoever fills the form in, at their unit's number."""
        user = getattr(form, "for_user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return
        if "contact_person" in form.fields and not form.initial.get("contact_person"):
            form.initial["contact_person"] = person_name(user)
        if "contact_phone" in form.fields and not form.initial.get("contact_phone"):
            unit = form.review_form_for(self.instance).unit
            if unit is not None and unit.contact_phone:
                form.initial["contact_phone"] = unit.contact_phone

    def save(self, commit=True):
        saved = super().save(commit=False)
        if not self.forms:
            return saved  # a draft posted without the form keeps the one it had
        # Exactly one form per page, whatever the client posted (a stale tab
        # may send a new form while the page already has one).
        setattr(self.instance, self.rel_name, [self.forms[0].instance])
        if commit:
            getattr(self.instance, self.rel_name).commit()
        return saved

    def clean(self):
        super().clean()
        if not self.forms:
            return
        form = self.forms[0]
        if getattr(form, "is_deferred_validation", False) or not form.is_valid():
            return
        # The page form has validated first (ClusterForm.is_valid), so
        # self.instance carries the page's new values (its own 文号, say).
        for field, message in form.review_form_for(self.instance).submission_errors().items():
            if field in form.fields:
                form.add_error(field, message)
            else:
                form.add_error(None, message)


class ReviewFormHostMixin:
    """Mixed into the page editor's form class: hands the parent page to the review form.

    A page being created belongs to the unit of the section it is created in,
    which decides its default source type and so what its form must contain.
    Wagtail sets ``parent_page`` only after the formsets exist, hence this.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get(FORMSET_NAME)
        if formset is not None:
            formset.parent_page = getattr(self, "parent_page", None)
