"""The publish guard: the public sees only what a completed review route approved, exactly as approved.

Every way Wagtail publishes a page — the edit view, bulk actions,
``publish_scheduled``, copy with keep-live, revert, the admin API, the v3 API,
``revision.publish()``, the publish action with ``skip_permission_checks``,
aliases following their original — ends in saving the page row live. A
receiver of every page model's ``pre_save`` (``check_page_save``) decides,
before anything is written, with the page *as the save will write it*
(child relations and parental many-to-many included, which modelcluster
commits after the row; see ``content.public_content``):

* a page that stays live with what it showed before: allowed (bookkeeping);
* a page that goes live or changes what it shows: only with content equal to
  a revision a completed route approved — for this page, or, for an alias,
  for the page it follows (its current live revision);
* anything else: refused, superusers included.

Child rows of a live page written on their own (a ``save(update_fields=
["links"])``, a ``BlogPageLink.objects.create(page=…)``, a parental
many-to-many ``add``) are refused unless they are the very objects a page
save this guard passed is committing (``expect_child_writes`` /
``check_child_write``). Not covered: ``QuerySet.update()``, raw SQL, raw
fixture loading and the removal of child rows on their own, which model
signals cannot tell from a page's deletion; the serve check and
``verify_ledger`` detect their effect on live pages. Unpublishing is not
restricted here; see ``take_down.py``.
"""

from dataclasses import dataclass

import swapper
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

from ..exceptions import UnreviewedPublication
from .content import NON_CONTENT_FIELDS, live_content_hash, revision_content_hash
from .joint_release import refuse_interpretation_before_document
from .models import ReleaseApproval
from .withdrawal import withdrawal_of

# Set on a page instance after a save this guard passed: the child objects
# (by id()) and many-to-many targets (by field, pk) that save is about to commit.
EXPECTED_CHILD_WRITES = "_wagtail_review_expected_child_writes"


def release_approval(revision_id):
    """The release approval of a revision whose content is unchanged since it was approved, or None."""
    if revision_id is None:
        return None
    approval = ReleaseApproval.objects.select_related("revision").filter(revision_id=revision_id).first()
    if approval is None or approval.content_hash != revision_content_hash(approval.revision):
        return None
    return approval


def approval_is_current(approval, page_id):
    """Whether ``approval`` still stands for page ``page_id``: no take-down, expiry or withdrawal of the
    page was registered after the route completed (a take-down is final for its approval, Art. 16)."""
    from .ledger.models import WITHDRAWING_ACTIONS, LedgerEntry

    return not (
        page_id is not None
        and LedgerEntry.objects.filter(
            page_id=page_id, action__in=WITHDRAWING_ACTIONS, sequence__gt=approval.ledger_sequence
        ).exists()
    )


# Not content, yet they decide what the public sees: whether the page is up, which version, until when.
PUBLIC_STATE_FIELDS = {"live", "live_revision", "expire_at"}


def touches_content(page, update_fields):
    """Whether saving ``page`` with these ``update_fields`` may change what the public sees (None: a full save)."""
    from .content import NON_CONTENT_FIELDS, ignored_fields

    if update_fields is None:
        return True
    touched = {name[:-3] if name.endswith("_id") else name for name in update_fields}
    return not touched <= (NON_CONTENT_FIELDS | ignored_fields(type(page))) - PUBLIC_STATE_FIELDS


@dataclass(frozen=True)
class SaveCheck:
    """What ``check_page_save`` found, for the ledger: the public state before, and what the save does to it."""

    live_before: bool
    live_revision_before: int | None
    # The approval whose content this save puts before the public, or None when it changes nothing public.
    release: ReleaseApproval | None = None
    # The take-down or expiry under which a live page leaves the public site.
    withdrawal: object = None
    # The address the page had before this save moved it (within its unit; see check_page_move).
    moved_from: str | None = None


def check_page_save(instance, update_fields=None):
    """pre_save: refuse any save that would show the public unapproved content. Returns a SaveCheck, or None."""
    if not touches_content(instance, update_fields):
        return None
    Page = swapper.load_model("wagtailcore", "Page")
    row = (
        Page.objects.filter(pk=instance.pk).values("live", "live_revision_id", "url_path").first()
        if instance.pk
        else None
    )
    live_before, revision_before = (row["live"], row["live_revision_id"]) if row else (False, None)
    moved_from = row["url_path"] if row and row["url_path"] != instance.url_path else None
    if not instance.live:
        withdrawal = withdrawal_of(instance)
        if live_before and withdrawal is None:
            raise UnreviewedPublication(
                _(
                    "“%(title)s” can only leave the public site by a take-down with its reason (撤稿, Art. 16)."
                )
                % {"title": instance.title}
            )
        return SaveCheck(live_before, revision_before, withdrawal=withdrawal, moved_from=moved_from)
    if live_before and _shows_what_it_showed(instance) and _keeps_its_expiry(instance):
        if instance.live_revision_id == revision_before or instance.alias_of_id:
            return SaveCheck(live_before, revision_before, moved_from=moved_from)
    return SaveCheck(live_before, revision_before, release=_approval_to_show(instance), moved_from=moved_from)


def _shows_what_it_showed(page):
    stored = type(page).objects.get(pk=page.pk)
    return live_content_hash(page) == live_content_hash(stored)


def _refuse_alias_in_another_units_section(alias):
    """An alias shows its original's information where it stands: only in the section of the unit that reviewed it.

    In another unit's section that unit would be publishing what it never
    reviewed; reprinting goes through its own route (转载, Art. 9).
    """
    from ..organisation.sections import unit_for_page

    Page = swapper.load_model("wagtailcore", "Page")
    original = Page.objects.filter(pk=alias.alias_of_id).first()
    if original is None:
        return  # the guard then finds no approval to show
    alias_unit, original_unit = unit_for_page(alias), unit_for_page(original)
    if getattr(alias_unit, "pk", None) != getattr(original_unit, "pk", None):
        raise UnreviewedPublication(
            _(
                "“%(title)s” is %(unit)s's information: an alias of it cannot be live in another unit's "
                "section. Reprint it there through that unit's route (转载)."
            )
            % {"title": alias.title, "unit": original_unit.name if original_unit else _("no unit")}
        )


def _keeps_its_expiry(page):
    """Whether ``page`` keeps the expiry it has: a new one is the approved version's, or none of its own making."""
    return page.alias_of_id or type(page).objects.filter(pk=page.pk, expire_at=page.expire_at).exists()


def _approval_to_show(page):
    """The approval whose content ``page`` is about to show; refuse if there is none, or the content differs."""
    if type(page) is not page.specific_class:
        raise UnreviewedPublication(
            _("“%(title)s” can only go live as a page of its own type.") % {"title": page.title}
        )
    if page.alias_of_id:
        # An alias shows what its original shows: the original's approved live revision.
        _refuse_alias_in_another_units_section(page)
        Page = swapper.load_model("wagtailcore", "Page")
        revision_id = Page.objects.filter(pk=page.alias_of_id, live=True).values_list(
            "live_revision_id", flat=True
        )
        approval, approved_for = release_approval(revision_id.first()), page.alias_of_id
    else:
        approval, approved_for = release_approval(page.live_revision_id), page.pk
    if (
        approval is None
        or approved_for is None
        or approval.revision.object_id != str(approved_for)
        or not approval_is_current(approval, page.pk)
        or not approval_is_current(approval, approved_for)
    ):
        raise UnreviewedPublication(
            _("“%(title)s” cannot go live: this version has not completed its review route (Art. 9).")
            % {"title": page.title}
        )
    approved = approval.revision.as_object()
    if page.alias_of_id:
        approved.slug = page.slug  # an alias keeps its own address
    if not page.alias_of_id and page.expire_at != approved.expire_at:
        # An expiry takes the page down when it falls due: the route approves it with the content.
        raise UnreviewedPublication(
            _("“%(title)s”: its expiry date is not the one its review route approved (Art. 9, 16).")
            % {"title": page.title}
        )
    if live_content_hash(page) != live_content_hash(approved):
        raise UnreviewedPublication(
            _(
                "“%(title)s” cannot go live: its content is not the version its review route approved (Art. 9)."
            )
            % {"title": page.title}
        )
    refuse_interpretation_before_document(page)
    return approval


def expect_child_writes(page):
    """post_save of a save this guard passed: note the child rows modelcluster will now commit for it."""
    in_memory = getattr(page, "_cluster_related_objects", {})
    objects, targets = set(), set()
    for relation in guarded_child_relations(type(page)):
        objects.update(id(child) for child in in_memory.get(relation.get_accessor_name(), ()))
    for field in get_all_child_m2m_relations(type(page)):
        targets.update((field.name, target.pk) for target in in_memory.get(field.name, ()))
    page.__dict__[EXPECTED_CHILD_WRITES] = (objects, targets)


def guarded_child_relations(page_model):
    """The child relations that are public content (the review form and editors' comments are not)."""
    return [r for r in get_all_child_relations(page_model) if r.get_accessor_name() not in NON_CONTENT_FIELDS]


def check_child_write(child, parental_key):
    """pre_save of a child row (inline child, tag) of a page: allowed unless it changes a live page unreviewed."""
    page = parental_key.get_cached_value(child, None)
    expected_objects, _targets = getattr(page, "__dict__", {}).get(EXPECTED_CHILD_WRITES, (set(), set()))
    if id(child) in expected_objects:
        expected_objects.discard(id(child))
        return
    _refuse_if_live(getattr(child, parental_key.attname))


def check_m2m_add(page, field_name, target_pks):
    """m2m_changed pre_add of a parental many-to-many: the same rule as ``check_child_write``."""
    _objects, expected_targets = page.__dict__.get(EXPECTED_CHILD_WRITES, (set(), set()))
    wanted = {(field_name, pk) for pk in target_pks}
    if wanted <= expected_targets:
        expected_targets.difference_update(wanted)
        return
    _refuse_if_live(page.pk)


def _refuse_if_live(page_id):
    Page = swapper.load_model("wagtailcore", "Page")
    page = Page.objects.filter(pk=page_id).values("live", "title").first()
    if page and page["live"]:
        raise UnreviewedPublication(
            _("“%(title)s” is live: its content can only change through a reviewed new version (Art. 9).")
            % {"title": page["title"]}
        )


def check_page_move(page, parent_after):
    """pre_page_move: live information stays with the unit that reviewed it (Art. 4, 9).

    A move that would put the page — and with it its live subtree — under
    another unit's section is refused: take it down, or release it again
    through the receiving unit's route. Moves within a unit are registered
    (``SaveCheck.moved_from``).
    """
    from ..organisation.sections import section_for_page, unit_for_page

    _refuse_moving_changed_pages(page)
    own_section = section_for_page(page)
    if own_section is not None and own_section.page_id == page.pk:
        return  # a section root takes its ownership with it
    unit_before, unit_after = unit_for_page(page), unit_for_page(parent_after)
    if getattr(unit_before, "pk", None) == getattr(unit_after, "pk", None):
        return
    if page.live or page.get_descendants().live().exists():
        raise UnreviewedPublication(
            _(
                "“%(title)s” holds live information of %(before)s: it cannot move into %(after)s's section. "
                "Take it down, or release it again through that unit's route."
            )
            % {
                "title": page.title,
                "before": unit_before.name if unit_before else _("no unit"),
                "after": unit_after.name if unit_after else _("no unit's"),
            }
        )


def _refuse_moving_changed_pages(page):
    """A move is registered with the moved pages' content; content nobody registered must not ride along.

    A live page changed behind the application's back (raw SQL, say) stays
    withheld until it is released or taken down; moving it would otherwise
    write its altered content into the register as if it were the approved one.
    """
    from .serving import Standing, standing

    for moved in [*([page.specific] if page.live else []), *page.get_descendants().live().specific()]:
        if standing(moved, "content") is Standing.CHANGED:
            raise UnreviewedPublication(
                _(
                    "“%(title)s” is live with content the register does not account for: it cannot move. "
                    "Release its current version through its route, or take it down (verify_ledger)."
                )
                % {"title": moved.title}
            )


def check_view_restriction(restriction):
    """pre_save of a page's view restriction: making live information private is a take-down in disguise.

    A new restriction (or one moved to another page) over a page that is
    live, or has live pages below it, would take them off the public site
    with nothing in the register. Take them down first (撤稿, with the reason),
    then restrict. Changing the password or groups of a restriction that is
    already there hides nothing new, and lifting one shows only what is live
    and approved.
    """
    Page = swapper.load_model("wagtailcore", "Page")
    stored = type(restriction).objects.filter(pk=restriction.pk).values_list("page_id", flat=True).first()
    if restriction.pk and stored == restriction.page_id:
        return
    page = Page.objects.get(pk=restriction.page_id)
    if page.live or page.get_descendants().live().exists():
        raise UnreviewedPublication(
            _(
                "“%(title)s” has live information: making it private would take it off the public site "
                "unregistered. Take it down first (撤稿, with its reason, Art. 16)."
            )
            % {"title": page.title}
        )


def check_page_delete(page):
    """pre_delete: a live page is information before the public; it leaves only by a take-down with a reason."""
    if page.live:
        raise UnreviewedPublication(
            _("“%(title)s” is live: take it down (撤稿, with its reason) before deleting it (Art. 16).")
            % {"title": page.title}
        )


def guard_revision_schedule(instance, update_fields=None):
    """A page revision may be scheduled to go live only if a route approved it.

    Otherwise ``publish_scheduled`` would later meet a revision the page guard
    refuses; refusing here keeps the schedule clean and says so at once.
    """
    if instance.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    if not is_page_revision(instance):
        return  # snippets schedule their drafts as Wagtail does
    if release_approval(instance.pk) is None:
        raise UnreviewedPublication(
            _("This version cannot be scheduled to go live: it has not completed its review route (Art. 9).")
        )


def is_page_revision(revision):
    from django.contrib.contenttypes.models import ContentType

    Page = swapper.load_model("wagtailcore", "Page")
    return revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk


def as_saved(page):
    """``page`` with every field of its type: a save through the base Page class is read back specific."""
    if type(page) is page.specific_class:
        return page
    return page.specific_class.objects.get(pk=page.pk)
