"""Print the current second-factor code of the demo accounts (they share one published demo key)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from .load_demo import DEMO_TOTP_KEY


def current_demo_code(offset=0):
    """The code of this 30-second step (``offset`` 1: the next step's, which django-otp also accepts)."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


class Command(BaseCommand):
    help = "Print the demo accounts' current authenticator code (demo only)."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is disabled in these settings (PORTAL_DEMO_DATA_ALLOWED is not set)."
            )
        seconds_left = 30 - int(time.time()) % 30
        self.stdout.write(f"{current_demo_code()}  (valid for another {seconds_left} s)")
