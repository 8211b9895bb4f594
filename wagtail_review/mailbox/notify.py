"""Telling the writer that their message is answered: by e-mail, or by a pluggable SMS sender.

It runs as a background job (django-tasks), queued when the reply is sent, so a
slow mail server or SMS gateway never holds up the leader who signed it.

``WAGTAIL_REVIEW_MAILBOX_SMS_SENDER`` names a function ``send(phone, text)``; the
default writes the text to the ``wagtail_review.mailbox`` log with the number
masked (the demo's and tests' "SMS"). A district with an SMS gateway points the
setting at its own.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from ..app_settings import app_settings
from .models import Message
from .publication import keep_ends

logger = logging.getLogger("wagtail_review.mailbox")


def log_sms(phone, text):
    logger.info("SMS to %s: %s", keep_ends(phone), text)


def lookup_link(message):
    """The absolute address of the page where the writer reads the reply (the default site's)."""
    from wagtail.models import Site

    try:
        path = f"{reverse('wagtail_review_mailbox:lookup')}?{urlencode({'code': message.query_code})}"
    except NoReverseMatch:
        return ""
    site = Site.objects.filter(is_default_site=True).first()
    return f"{site.root_url}{path}" if site else path


@task()
def tell_writer(message_id):
    from .replies import sent_reply

    message = Message.objects.filter(pk=message_id).first()
    reply = sent_reply(message) if message else None
    if reply is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Your message “%(title)s” (query code %(code)s) has been answered. %(where)s") % {
            "title": message.title,
            "code": message.query_code,
            "where": lookup_link(message),
        }
        if message.email:
            send_mail(_("Your message has been answered"), f"{text}\n\n{reply.text}", None, [message.email])
        elif message.phone:
            import_string(app_settings.MAILBOX_SMS_SENDER)(message.phone, text)
    return True
