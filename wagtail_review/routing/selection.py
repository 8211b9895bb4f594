"""Which route a page takes (Art. 9): the one for its source type, not for its place in the tree.

Wagtail picks a page's workflow with ``Page.get_workflow()``, from workflows
assigned to the page tree. Under the regulation the route follows the
information's source type, so the app replaces that method on the site's
base Page model (``install_route_selection``, called from ``ready()``). A
page type that overrides ``get_workflow`` itself is named by system check E006.
"""

from .routes import Route


def route_for(page):
    """The Route of ``page``'s source type (as its latest form says), or None if none is configured."""
    from ..review_form.models import review_form_of

    source_type = review_form_of(page).effective_source_type
    return Route.objects.select_related("workflow").filter(source_type=source_type).first()


def review_route_workflow(page):
    """The active workflow of ``page``'s route, or None: then the page cannot be submitted, nor published."""
    route = route_for(page)
    if route is not None and route.workflow.active:
        return route.workflow
    return None


def _get_workflow(self):
    return review_route_workflow(self)


def _has_workflow(self):
    return self.get_workflow() is not None


def install_route_selection(page_model):
    page_model.get_workflow = _get_workflow
    page_model.has_workflow = property(_has_workflow)


def selects_routes(page_model):
    """Whether pages of this type take the review routes (no override of get_workflow of its own)."""
    return page_model.get_workflow is _get_workflow
