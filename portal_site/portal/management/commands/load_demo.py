"""Load the Yunzhou demo: units, accounts, memberships, pages and section ownership.

Idempotent: running it again changes nothing that is already there. Refuses to
run unless settings.PORTAL_DEMO_DATA_ALLOWED is true (never in production), since
every demo account shares one published password.
"""

import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from portal_site.portal.demo_pages import load_demo_pages
from portal_site.portal.demo_routes import fill_demo_review_form, release_through_route
from wagtail_review.models import Membership, SectionOwnership, Unit
from wagtail_review.organisation import provisioning
from wagtail_review.organisation.governance import grant_role
from wagtail_review.organisation.sections import unit_for_page
from wagtail_review.routing.services import submit

DEMO_PASSWORD = "Yunzhou@2026"
# Every demo account that needs a second factor shares this published authenticator key (base32:
# LF2W46TIN52S2ZDFNVXS2MSGIEWWWZLZ). Add it to any authenticator app, or run
# `python manage.py demo_otp_code`. Like the password, it exists only in the demo.
DEMO_TOTP_KEY = "59756e7a686f752d64656d6f2d3246412d6b6579"
DATA_FILE = settings.BASE_DIR / "fixtures" / "demo_units.json"
MESSAGES_FILE = settings.BASE_DIR / "fixtures" / "demo_messages.json"


class Command(BaseCommand):
    help = "Load the Yunzhou district demo portal (units, accounts, pages). Safe to run twice."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is disabled in these settings (PORTAL_DEMO_DATA_ALLOWED is not set)."
            )
        data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        # The routes send Wagtail's workflow e-mails, and answered messages tell their writers when the
        # transaction commits; loading demo data should not (the override outlives the commit).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            users = self.load_accounts(data["accounts"])
            actor = users["admin"]
            units = self.load_units(data["units"], users, actor)
            self.load_memberships(data["accounts"], users, units, actor)
            self.assign_officers(data["units"], users, units, actor)
            self.submitters = {spec["slug"]: users[spec["submitter"]] for spec in data["units"]}
            self.source_types = data.get("source_types", {})
            self.in_review = set(data.get("in_review", []))
            self.units, self.actor = units, actor
            load_demo_pages(publish=self.release)
            self.register_columns()
            self.load_catalogue(data["catalogue"], users, units)
            provisioning.sync_all()
            self.enrol_second_factors(users.values())
            self.load_messages(units, users)
        self.stdout.write(self.style.SUCCESS("Demo portal loaded."))
        self.stdout.write(
            f"Demo accounts ({', '.join(users)}) all use the password: {DEMO_PASSWORD}\n"
            "Sign in at /admin/ — e.g. xiping_editor edits only 西坪镇's sections.\n"
            "Signers and administrators also need a code: `python manage.py demo_otp_code` prints it."
        )

    def register_columns(self):
        """Every unit's column page, of the inspection's kind for its category (自查)."""
        from portal_site.portal.models import ColumnPage
        from wagtail_review.models import Column, ColumnKind

        kinds = {
            "news": ColumnKind.NEWS,
            "notice": ColumnKind.NOTICE,
            "policy": ColumnKind.POLICY,
            "interpretation": ColumnKind.POLICY,
        }
        for page in ColumnPage.objects.all():
            Column.objects.get_or_create(
                page=page, defaults={"kind": kinds.get(page.category, ColumnKind.OTHER)}
            )

    def load_catalogue(self, specs, users, units):
        """Each unit's release catalogue (Art. 12); one item changed by its unit, awaiting the centre."""
        from portal_site.portal.models import ColumnPage
        from wagtail_review.inspection.catalogue import CatalogueItem, save_item
        from wagtail_review.models import Column

        for spec in specs:
            unit = units[spec["unit"]]
            if CatalogueItem.objects.filter(unit=unit, name=spec["name"]).exists():
                continue
            column = None
            if "column" in spec:
                section = SectionOwnership.objects.get(unit=unit).page
                page = ColumnPage.objects.child_of(section).get(slug=spec["column"])
                column = Column.objects.get(page=page)
            item = CatalogueItem(
                unit=unit,
                name=spec["name"],
                kind=spec["kind"],
                column=column,
                every_days=spec.get("every_days"),
                due_month=spec.get("due_month"),
                due_day=spec.get("due_day"),
                time_limit_days=spec.get("time_limit_days"),
                requires_interpretation=spec.get("requires_interpretation", False),
                responsible=users[spec["responsible"]],
            )
            save_item(item, users[spec["by"]])

    def load_messages(self, units, users):
        """Messages from the public in several states, taken in by the information centre."""
        from datetime import timedelta

        from django.utils import timezone

        from wagtail_review.mailbox import handling
        from wagtail_review.mailbox.abuse import keyed_hash
        from wagtail_review.mailbox.models import Message

        centre = users["webadmin"]
        # The demo's writers are made up: their "SMS" need not fill the console.
        logging.getLogger("wagtail_review.mailbox").setLevel(logging.WARNING)
        for spec in json.loads(MESSAGES_FILE.read_text(encoding="utf-8")):
            if Message.objects.filter(title=spec["title"]).exists():
                continue
            contact = spec.get("phone") or spec.get("email", "")
            message = Message.objects.create(
                kind=spec["kind"],
                unit=units[spec["unit"]] if spec["unit"] else None,
                title=spec["title"],
                body=spec["body"],
                name=spec["name"],
                phone=spec.get("phone", ""),
                email=spec.get("email", ""),
                may_publish=spec["may_publish"],
                received_at=timezone.now() - timedelta(days=spec["days_ago"]),
                fingerprint=keyed_hash(spec["body"]),
                client_hash=keyed_hash("client", "demo"),
                contact_hash=keyed_hash("contact", contact),
            )
            try:
                if spec["step"] in ("accept", "forward"):
                    message = handling.accept(message, centre)
                if spec["step"] == "forward":
                    handling.forward(message, centre, units[spec["to"]], spec["reason"])
                elif spec["step"] == "reject":
                    handling.reject(message, centre, spec["reason"])
                elif spec["step"] == "petition":
                    handling.transfer_as_petition(message, centre, spec["reason"])
                if "extension" in spec:
                    self.extend(message, spec["extension"], users, centre)
                if "reply" in spec:
                    self.reply(message, spec["reply"], users)
                if "closed" in spec:
                    handling.close(message, centre, spec["closed"])
            except handling.HandlingRefused as refusal:
                # E.g. late December, before next year's holidays are known: left awaiting acceptance.
                self.stdout.write(f"{spec['title']}: {refusal}")

    def extend(self, message, spec, users, centre):
        """A unit asks for more working days; the centre grants, refuses, or has not decided yet."""
        from wagtail_review.mailbox import deadlines

        extension = deadlines.request_extension(message, users[spec["by"]], spec["days"], spec["reason"])
        if spec["granted"] is not None:
            deadlines.decide_extension(extension, centre, spec["granted"])

    def reply(self, message, spec, users):
        """Drafted by the unit, signed by its reviewer and leader: the route every reply takes."""
        from wagtail_review.mailbox import replies

        drafter = users[spec["by"]]
        if "returned" in spec:
            first = replies.draft_reply(message, drafter, spec["returned"].get("draft", spec["text"]))
            replies.sign_reply(
                first, users[spec["returned"]["by"]], approve=False, comment=spec["returned"]["comment"]
            )
        reply = replies.draft_reply(message, drafter, spec["text"])
        for signer in spec["signers"]:
            replies.sign_reply(reply, users[signer], approve=True)

    def enrol_second_factors(self, users):
        """Give every demo account that needs a second factor the one published demo authenticator."""
        from wagtail_review import accounts

        if not accounts.enabled():
            return
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from wagtail_review.accounts.second_factor import AUTHENTICATOR_NAME, requires_second_factor

        for user in users:
            if (
                requires_second_factor(user)
                and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            ):
                TOTPDevice.objects.create(
                    user=user, name=AUTHENTICATOR_NAME, key=DEMO_TOTP_KEY, confirmed=True
                )

    def release(self, page):
        """Give a unit its section as soon as its root exists, then send the page through its route."""
        if page.slug in self.units and page.depth and not SectionOwnership.objects.filter(page=page).exists():
            section = SectionOwnership(page=page, unit=self.units[page.slug])
            section._history_user = self.actor
            section.save()
        page.refresh_from_db()
        unit = unit_for_page(page)
        submitter = self.submitters[unit.slug] if unit else self.actor
        fill_demo_review_form(page, submitter, self.source_types.get(page.slug))
        if page.slug in self.in_review:
            submit(page, submitter)  # left at its first step: the queues and the dashboard have work
        else:
            release_through_route(page, submitter)

    def load_accounts(self, accounts):
        User = get_user_model()
        users = {}
        for spec in accounts:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "email": f"{spec['username']}@yunzhou.example.gov.cn",
                    "is_superuser": spec.get("superuser", False),
                    "is_staff": spec.get("superuser", False),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            users[spec["username"]] = user
        return users

    def load_units(self, specs, users, actor):
        units = {}
        for spec in specs:
            unit = Unit.objects.filter(slug=spec["slug"]).first()
            if unit is None:
                unit = Unit(
                    slug=spec["slug"],
                    name=spec["name"],
                    kind=spec["kind"],
                    contact_phone=spec["phone"],
                    # Fictional 统一社会信用代码, the first part of the unit's 索引号.
                    organisation_code=spec.get("organisation_code", ""),
                )
                unit._history_user = actor
                unit.save()
            units[spec["slug"]] = unit
        return units

    def load_memberships(self, accounts, users, units, actor):
        for spec in accounts:
            if "unit" not in spec:
                continue
            unit, user = units[spec["unit"]], users[spec["username"]]
            if not Membership.objects.filter(user=user, unit=unit, role=spec["role"]).exists():
                # Granted by the loader itself, confirmed by the superuser: the two-person rule holds.
                grant_role(user, unit, spec["role"], granted_by=None, confirmed_by=actor)

    def assign_officers(self, specs, users, units, actor):
        # After memberships: a designated officer must already be a member (Art. 7).
        for spec in specs:
            unit = units[spec["slug"]]
            if spec.get("officer") and unit.designated_officer_id is None:
                unit.designated_officer = users[spec["officer"]]
                unit._history_user = actor
                unit.save(update_fields=["designated_officer"])
