"""Sessions (等保 2.0: 登录连接超时自动退出): an idle timeout, and fresh identity for sensitive actions.

A session ends after ``WAGTAIL_REVIEW_IDLE_TIMEOUT_MINUTES`` without a request
from its person, and when the browser closes (``SESSION_EXPIRE_AT_BROWSER_CLOSE``,
checked by the system checks). Background requests the admin makes by itself
(the editor's presence ping) are not the person acting and keep nothing alive.

Granting roles, taking information down and changing review routes ask for
the password (and the second factor, for those who have one) again when the
last confirmation is older than ``WAGTAIL_REVIEW_REAUTHENTICATE_MINUTES``.
"""

import time

from ..app_settings import app_settings

LAST_ACTIVITY_KEY = "wagtail_review_last_activity"
IDENTITY_CONFIRMED_KEY = "wagtail_review_identity_confirmed"
# Write the activity time at most this often: a session save per request would be wasted.
ACTIVITY_RESOLUTION_SECONDS = 30

# Admin URLs whose requests the browser makes by itself, not the person.
BACKGROUND_URL_NAMES = {"wagtailadmin_editing_sessions:ping", "wagtailadmin_editing_sessions:release"}

# Admin views that change who may do what or take information down (resolver "namespace:name").
SENSITIVE_URL_NAMES = {
    "wagtail_review_memberships:add",
    "wagtail_review_memberships:edit",
    "wagtail_review_memberships:delete",
    "wagtail_review_memberships:confirm",
    "wagtailusers_users:add",
    "wagtailusers_users:edit",
    "wagtailusers_users:delete",
    "wagtailusers_groups:add",
    "wagtailusers_groups:edit",
    # Wagtail's bulk actions: deactivating or deleting accounts, assigning groups.
    "wagtail_bulk_action",
    "wagtail_review:take_down",
    "wagtailadmin_pages:unpublish",
    "wagtail_review:emergency_take_down",
    "wagtail_review_route_changes:add",
    "wagtail_review_route_changes:confirm",
    "wagtail_review_accounts:unlock",
    "wagtail_review_accounts:reset_second_factor",
}


def idle_expired(session, now=None):
    last = session.get(LAST_ACTIVITY_KEY)
    now = time.time() if now is None else now
    return last is not None and now - last > app_settings.IDLE_TIMEOUT_MINUTES * 60


def note_activity(session, now=None):
    now = time.time() if now is None else now
    last = session.get(LAST_ACTIVITY_KEY)
    if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
        session[LAST_ACTIVITY_KEY] = now


def confirm_identity(session, now=None):
    """The person just gave their password (and second factor): sensitive actions are open for a while."""
    session[IDENTITY_CONFIRMED_KEY] = time.time() if now is None else now


def identity_recent(session, now=None):
    confirmed = session.get(IDENTITY_CONFIRMED_KEY)
    now = time.time() if now is None else now
    return confirmed is not None and now - confirmed <= app_settings.REAUTHENTICATE_MINUTES * 60


def is_sensitive(resolver_match):
    return resolver_match is not None and resolver_match.view_name in SENSITIVE_URL_NAMES
