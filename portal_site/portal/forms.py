"""The portal's page editor form: a new article starts with today's date and its unit as the source.

Initial values of the form, not model defaults: a callable model default makes
Django post a hidden initial value, and the edit form then counts as changed
whenever anyone (a signer) submits it, saving them a revision of their own.
"""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from wagtail_review.organisation.sections import unit_for_page


class PublicationForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = getattr(self, "parent_page", None)
        if self.instance.pk is not None:
            return
        if "date" in self.fields and not self.initial.get("date"):
            self.initial["date"] = timezone.localdate()
        if parent is not None and "source" in self.fields and not self.initial.get("source"):
            unit = unit_for_page(parent)
            if unit is not None:
                self.initial["source"] = unit.name
