"""Sign-in lockout (等保 2.0: 登录失败处理), by django-axes.

django-axes counts failures per account and, separately, per IP address
(``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``), refuses sign-in
for ``AXES_COOLOFF_TIME`` after ``AXES_FAILURE_LIMIT`` failures, and needs no
counters of ours. Its lockout response is ours: one Chinese message for
every lockout, which says nothing about whether the account exists (axes
locks a username that does not exist exactly like one that does).

The security administrator lists current lockouts and lifts them (``unlock``).
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .audit import EventKind, record


def cool_off_minutes():
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", None)
    if cool_off is None:
        return None
    if callable(cool_off) or isinstance(cool_off, str):
        return None
    hours = cool_off if isinstance(cool_off, int | float) else cool_off.total_seconds() / 3600
    return max(1, round(hours * 60))


def lockout_message():
    minutes = cool_off_minutes()
    if minutes:
        return _(
            "Too many failed sign-ins. Sign-in is refused for %(minutes)s minutes; try again later, "
            "or ask the security administrator to unlock it."
        ) % {"minutes": minutes}
    return _("Too many failed sign-ins. Ask the security administrator to unlock sign-in.")


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the sign-in page's place, with the lockout message, status 429.

    The review API's sign-in (``review_api``) gets the same message as its JSON error.
    """
    if getattr(request, "review_api", False):
        from django.http import JsonResponse

        return JsonResponse(
            {"error": {"code": "locked_out", "message": lockout_message()}},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    # Rendered here: axes replaces the response after Django's template-response phase.
    return TemplateResponse(
        request,
        "wagtail_review/accounts/locked_out.html",
        {"message": lockout_message()},
        status=429,
    ).render()


def current_lockouts():
    """Accounts and IP addresses at or over the failure limit now, as axes counts them, newest first.

    ``[{"username": …, "ip_address": …, "failures": n, "last_attempt": t}]``, one of the first two set.
    """
    from datetime import timedelta

    from django.db.models import Max, Sum
    from django.utils import timezone

    attempts = AccessAttempt.objects.all()
    minutes = cool_off_minutes()
    if minutes:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - timedelta(minutes=minutes))
    locked = []
    for field in ("username", "ip_address"):
        rows = (
            attempts.values(field)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        for row in rows:
            locked.append(
                {
                    "username": row[field] if field == "username" else "",
                    "ip_address": row[field] if field == "ip_address" else "",
                    "failures": row["failures"],
                    "last_attempt": row["last_attempt"],
                }
            )
    return sorted(locked, key=lambda row: row["last_attempt"], reverse=True)


def unlock(*, username=None, ip_address=None, request=None, by=None):
    """Lift the lockout of an account or an IP address; recorded in the account event log."""
    if not username and not ip_address:
        return 0
    # One at a time: given both, axes would lift only attempts matching both.
    removed = reset(username=username) if username else 0
    removed += reset(ip=ip_address) if ip_address else 0
    detail = _("IP address %(ip)s") % {"ip": ip_address} if ip_address else ""
    record(EventKind.UNLOCK, request=request, username=username or "", actor=by, detail=detail)
    return removed
