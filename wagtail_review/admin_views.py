"""The furniture every admin screen of the app shares."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .organisation.people import person_name


class AdminPageMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin page, with breadcrumbs ending at this screen's title.

    Wagtail's mixin stops the breadcrumbs at 首页, which its slim header then
    shows as the screen's only visible heading.
    """

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_header_title()}]


def person_column(field, label):
    """A listing column naming the person in ``field`` (王晓燕), not their username."""
    return Column(field, label=label, accessor=lambda instance: person_name(getattr(instance, field)))
