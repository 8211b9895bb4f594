"""Telling the person at the keyboard what the regime did on their behalf (a route restarted, say).

``ReviewRefusalMiddleware`` makes the current request known for the length
of each request; ``tell`` adds an admin message to it. Outside a request
(code, commands) there is no one to tell, and ``tell`` does nothing.
"""

from contextvars import ContextVar

current_request = ContextVar("wagtail_review_current_request", default=None)


def tell(message):
    from django.contrib import messages

    request = current_request.get()
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, message)
