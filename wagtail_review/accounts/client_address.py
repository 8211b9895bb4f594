"""The client's address, as the lockout, the account event log and the mailbox's limits count it.

Behind ``WAGTAIL_REVIEW_PROXY_COUNT`` reverse proxies, each appending the address it
received the request from to ``X-Forwarded-For``, the client is the entry that many
places from the right: entries further left are whatever the client chose to send.
With no proxy it is ``REMOTE_ADDR``. Installed as django-axes' ``AXES_CLIENT_IP_CALLABLE``.
"""

from ipaddress import ip_address

from ..app_settings import app_settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = app_settings.PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ip_address(remote))
    except ValueError:
        return None
