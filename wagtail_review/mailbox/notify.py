"""Telling the writer that their message is answered: by e-mail, or by a pluggable SMS sender.

``WAGTAIL_REVIEW_MAILBOX_SMS_SENDER`` names a function ``send(phone, text)``; the
default writes the text to the ``wagtail_review.mailbox`` log (the demo's and
tests' "SMS"). A district with an SMS gateway points the setting at its own.
"""

import logging

from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..app_settings import app_settings

logger = logging.getLogger("wagtail_review.mailbox")


def log_sms(phone, text):
    logger.info("SMS to %s: %s", phone, text)


def tell_writer(message, reply):
    try:
        where = reverse("wagtail_review_mailbox:lookup") + f"?code={message.query_code}"
    except NoReverseMatch:
        where = ""
    text = _("Your message “%(title)s” (query code %(code)s) has been answered. %(where)s") % {
        "title": message.title,
        "code": message.query_code,
        "where": where,
    }
    if message.email:
        send_mail(_("Your message has been answered"), f"{text}\n\n{reply.text}", None, [message.email])
    elif message.phone:
        import_string(app_settings.MAILBOX_SMS_SENDER)(message.phone, text)
